/**
 * Tokens for catalog search: split names on `.`, `_` and camelCase, lowercase, drop stopwords, and fold
 * simple English inflections so "vertices" meets "vertex" and "merging" meets "merge".
 */

export const STOPWORDS = new Set(['the', 'a', 'an', 'in', 'for', 'of', 'to', 'and', 'by', 'with', 'on', 'at', 'from', 'into', 'me', 'please', 'i', 'it', 'its', 'this', 'that', 'my', 'some', 'is', 'be', 'as', 'or']);

const IRREGULAR: Record<string, string> = { vertices: 'vertex', indices: 'index', matrices: 'matrix', meshes: 'mesh', children: 'child', verts: 'vert', blender: 'blend', polygon: 'poly', polygons: 'poly' };

/** Splits text into raw lowercase words (camelCase and snake/dot names split). */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Folds a word to its search stem. */
export function stem(w: string): string {
  if (IRREGULAR[w]) return IRREGULAR[w];
  let s = w;
  if (s.length > 4 && s.endsWith('ies')) s = s.slice(0, -3) + 'y';
  else if (s.length > 4 && /(ss|x|ch|sh)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us')) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  return s;
}

/** Search tokens of a text: words, stopwords dropped, stemmed. */
export function tokens(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

/** Words DCC users use interchangeably; matched at a lower weight than the word itself. */
const SYNONYM_GROUPS = [
  ['poly', 'mesh'],
  ['delet', 'remov', 'eras'],
  ['creat', 'add', 'mak', 'new'],
  ['copy', 'duplicat', 'clon'],
  ['mov', 'translat'],
  ['rotat', 'spin'],
  ['scal', 'resiz'],
  ['light', 'lamp'],
  ['keyfram', 'key'],
  ['export', 'writ'],
  ['import', 'read', 'load'],
  ['sav', 'writ'],
  ['render', 'draw'],
  ['select', 'pick'],
  ['vert', 'vertex'],
  ['merg', 'weld'],
];

const SYNONYMS = new Map<string, string[]>();
for (const g of SYNONYM_GROUPS) for (const w of g) SYNONYMS.set(w, [...(SYNONYMS.get(w) ?? []), ...g.filter((x) => x !== w)]);

/** Synonym stems of a stem (possibly empty). */
export function synonyms(stemmed: string): string[] {
  return SYNONYMS.get(stemmed) ?? [];
}
