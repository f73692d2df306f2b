import { tokenizePython } from '../../lib/python-highlight';

/** Python with line numbers and highlighting; React renders the tokens, so no HTML is ever injected. */
export function CodeView({ code }: { code: string }) {
  const lines = code.split('\n');
  return (
    <div className="code" data-testid="approval-code">
      <pre>
        {lines.map((line, n) => (
          <div key={n}>
            <span className="ln">{n + 1}</span>
            {tokenizePython(line).map((t, i) => (
              <span key={i} className={`k-${t.kind}`}>
                {t.text}
              </span>
            ))}
          </div>
        ))}
      </pre>
    </div>
  );
}
