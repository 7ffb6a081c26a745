import type { CSSProperties } from 'react';

/**
 * Inline style with custom properties (`--share`, `--col`…) for the stylesheets to
 * read; CSP forbids inline <style>, but element style properties are fine.
 */
export type CssVars = CSSProperties & Record<`--${string}`, string | number>;
