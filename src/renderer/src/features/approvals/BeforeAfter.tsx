import { useEffect, useRef, useState } from 'react';
import type { ApprovalRecord, PictureRef } from '../../../../shared/approvals';
import { clock } from '../../lib/format';
import { hub } from '../../lib/hub-client';

type Loaded = Partial<Record<'before' | 'after', { file: string; dataUrl: string | null; error?: string }>>;

/**
 * The viewport before and after an approved run (where the DCC could capture), side by side. The images are
 * fetched once the pair scrolls into view, so a long history does not pull hundreds of pictures at once.
 */
export function BeforeAfter({ record }: { record: ApprovalRecord }) {
  const pictures = record.pictures;
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [loaded, setLoaded] = useState<Loaded>({});
  useEffect(() => {
    const el = box.current;
    if (!el || visible) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setVisible(true);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [visible, pictures]);
  const beforeFile = pictures?.before?.file;
  const afterFile = pictures?.after?.file;
  useEffect(() => {
    if (!visible) return;
    let live = true;
    for (const [which, file] of [['before', beforeFile], ['after', afterFile]] as const) {
      if (!file) continue;
      hub()
        .invoke('thumbnails:picture', { file })
        .then(
          (r) => live && setLoaded((l) => ({ ...l, [which]: { file, dataUrl: r.dataUrl } })),
          (err: Error) => live && setLoaded((l) => ({ ...l, [which]: { file, dataUrl: null, error: err.message } })),
        );
    }
    return () => {
      live = false;
    };
  }, [visible, beforeFile, afterFile]);
  if (!pictures) return null;
  return (
    <div className="before-after" ref={box} data-testid="before-after">
      <Picture label="Before" which="before" picture={pictures.before} loaded={loaded.before} waiting="Keeping the picture…" />
      <Picture label="After" which="after" picture={pictures.after} loaded={loaded.after} waiting="Taking the picture…" />
    </div>
  );
}

/** One side of the pair: the picture, why there is none, or that it is on its way. */
function Picture(props: { label: string; which: 'before' | 'after'; picture: PictureRef | undefined; loaded: Loaded['before']; waiting: string }) {
  const { label, which, picture: r, loaded, waiting } = props;
  const shown = r?.file && loaded?.file === r.file ? loaded : undefined;
  let body;
  if (r?.error || shown?.error) body = <div className="thumb-note" title={r?.error ?? shown?.error}>No picture: {r?.error ?? shown?.error}</div>;
  else if (shown?.dataUrl) body = <img className="thumb" src={shown.dataUrl} alt={`Viewport ${which} the run, at ${clock(r!.takenAtMs)}`} data-testid={`picture-${which}`} />;
  else body = <div className="thumb-note">{r ? '…' : waiting}</div>;
  return (
    <figure data-testid={`figure-${which}`}>
      <figcaption>{label}</figcaption>
      {body}
    </figure>
  );
}
