// HTML built through one template, so no text reaches the markup unescaped:
// `markup` escapes every interpolated string or number, and only markup that was
// itself built by `markup` (an `Html` value) goes in as it is.

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Held only by this module, so only `markup`, `joinHtml` and `styleElement` can make an `Html`. */
const BUILT_HERE: unique symbol = Symbol('built by html-template');

/** Markup built by `markup`: safe to put in a document as it is. */
export class Html {
  constructor(
    token: typeof BUILT_HERE,
    readonly markup: string,
  ) {
    if (token !== BUILT_HERE) throw new Error('Html is built with the markup template.');
  }

  toString(): string {
    return this.markup;
  }
}

function built(markup: string): Html {
  return new Html(BUILT_HERE, markup);
}

/** What a template may interpolate: text (escaped), markup, or a list of markup (joined with nothing between). */
export type HtmlPart = string | number | Html | readonly Html[];

function render(part: HtmlPart): string {
  if (part instanceof Html) return part.markup;
  if (Array.isArray(part)) return (part as readonly Html[]).map((p) => p.markup).join('');
  return escapeHtml(String(part));
}

/** The tagged template: markup`<b>${name}</b>` escapes `name` unless it is already `Html`. */
export function markup(strings: TemplateStringsArray, ...parts: readonly HtmlPart[]): Html {
  return built(strings.reduce((out, literal, i) => out + render(parts[i - 1]!) + literal));
}

/** Pieces of markup with (escaped) text between them. */
export function joinHtml(parts: readonly Html[], separator: string): Html {
  return built(parts.map((p) => p.markup).join(escapeHtml(separator)));
}

/** A `<style>` element; the stylesheet is checked rather than escaped (CSS needs its quotes). */
export function styleElement(css: string): Html {
  if (/<\/style/i.test(css)) throw new Error('A stylesheet cannot close its own <style> element.');
  return built(`<style>\n${css}\n</style>`);
}
