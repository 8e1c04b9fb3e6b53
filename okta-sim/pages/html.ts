const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML bodies and attribute values; every dynamic value in a page goes through it. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f4f4f6;margin:0}main{max-width:420px;margin:48px auto;background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 3px #0002}label{display:block;margin:12px 0 4px}input{width:100%;padding:8px;box-sizing:border-box}button{margin-top:16px;padding:8px 16px}.error{color:#b00020}ul.chiclets{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}ul.chiclets a{display:block;width:120px;padding:16px 8px;text-align:center;border:1px solid #ccd;border-radius:6px;text-decoration:none;color:#1662dd}img.chiclet-logo{display:block;margin:0 auto 8px;object-fit:contain}';

/** Every page is a complete document with a title; `body` must already be escaped. */
export function layout(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}
