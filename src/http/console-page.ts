import { createHash } from 'node:crypto';
import { publicBrand, TESSERA, type Brand } from '../domain/brand.js';

/** The id of the script element that carries the brand to the console (console/src/app/brand.ts). */
export const BRAND_ELEMENT_ID = 'brand';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The console's index.html with the brand written in: the title and favicon are right before any
 * script runs, and the console reads the rest from a JSON data block, which the
 * Content-Security-Policy lets through as it is never executed, without a request of its own.
 */
export function brandedPage(html: string, brand: Brand): { body: string; etag: string } {
  // `<` escaped, so that no value can close the script element.
  const json = JSON.stringify(publicBrand(brand)).replace(/</g, '\\u003c');
  const head = [
    ...(brand.favicon ? [`<link rel="icon" href="${escapeHtml(brand.favicon.src)}" />`] : []),
    `<script type="application/json" id="${BRAND_ELEMENT_ID}">${json}</script>`,
  ];
  // Replacer functions, so that a `$` in a brand value is itself, never a replacement pattern.
  const body = html
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(brand.name ?? TESSERA)}</title>`)
    .replace('</head>', () => `  ${head.join('\n    ')}\n  </head>`);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/**
 * The console's policy: its own scripts and styles only; images also from the provider's own
 * addresses when its logo or favicon is a URL.
 */
export function contentSecurityPolicy(brand: Brand): string {
  const origins = new Set(
    [brand.logo, brand.favicon].flatMap((image) => (image && !image.file ? [new URL(image.url).origin] : [])),
  );
  return [
    "default-src 'self'",
    ["img-src 'self' data:", ...origins].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
