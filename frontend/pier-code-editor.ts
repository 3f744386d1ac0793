import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';

/**
 * A plain-text code editor (the manifest's YAML): line numbers in a gutter that scrolls with the text, and the lines
 * named by validation errors marked there. The value goes to the server on a pause in typing and when focus leaves.
 */
@customElement('pier-code-editor')
export class PierCodeEditor extends LitElement {
  static styles = css`
    :host { display: block; font-family: var(--lumo-font-family); }
    label { display: block; font-size: var(--lumo-font-size-s); font-weight: 500;
      color: var(--lumo-secondary-text-color); padding-bottom: 0.3em; }
    .frame { display: flex; height: var(--pier-editor-height, 18em); border-radius: var(--lumo-border-radius-m);
      background: var(--lumo-contrast-10pct); overflow: hidden;
      font-family: var(--lumo-font-family-monospace, monospace);
      font-size: var(--lumo-font-size-s); line-height: 1.5; }
    :host([invalid]) .frame { background: var(--lumo-error-color-10pct); }
    .gutter { flex: none; min-width: 3.2em; padding: 0.5em 0.5em 0.5em 0; text-align: right;
      color: var(--lumo-tertiary-text-color);
      overflow: hidden; user-select: none; border-right: 1px solid var(--lumo-contrast-10pct); }
    .gutter div.error { color: var(--lumo-error-text-color); font-weight: 700; }
    textarea { flex: auto; border: none; outline: none; resize: none; background: transparent;
      color: var(--lumo-body-text-color);
      font: inherit; line-height: inherit; padding: 0.5em; margin: 0; white-space: pre; overflow: auto; tab-size: 2; }
    .message { color: var(--lumo-error-text-color); font-size: var(--lumo-font-size-xs); padding-top: 0.2em; }
    .helper { color: var(--lumo-secondary-text-color); font-size: var(--lumo-font-size-xs); padding-top: 0.2em; }
  `;

  @property() value = '';
  @property() label = '';
  @property({ attribute: 'helper-text' }) helperText = '';
  @property({ attribute: 'error-message' }) errorMessage = '';
  @property({ type: Boolean, reflect: true }) invalid = false;
  /** 1-based line numbers to mark in the gutter. */
  @property({ type: Array, attribute: false }) errorLines: number[] = [];

  @query('textarea') private area!: HTMLTextAreaElement;
  @query('.gutter') private gutter!: HTMLElement;
  private pause?: number;

  render() {
    const count = this.value.split('\n').length;
    const marked = new Set(this.errorLines);
    const numbers = [];
    for (let i = 1; i <= count; i++) {
      numbers.push(html`<div class=${marked.has(i) ? 'error' : ''}>${i}</div>`);
    }
    return html`
      <label for="text">${this.label}</label>
      <div class="frame">
        <div class="gutter" aria-hidden="true">${numbers}</div>
        <textarea id="text" spellcheck="false" autocomplete="off" aria-invalid=${this.invalid ? 'true' : 'false'}
          .value=${live(this.value)} @input=${this.typed} @change=${this.commit} @scroll=${this.scrolled}
          @keydown=${this.indent}></textarea>
      </div>
      ${this.invalid && this.errorMessage ? html`<div class="message" role="alert">${this.errorMessage}</div>`
        : this.helperText ? html`<div class="helper">${this.helperText}</div>` : ''}
    `;
  }

  private typed() {
    this.value = this.area.value;
    window.clearTimeout(this.pause);
    this.pause = window.setTimeout(() => this.commit(), 300);
  }

  private commit() {
    window.clearTimeout(this.pause);
    this.value = this.area.value;
    this.dispatchEvent(new CustomEvent('value-changed', { detail: { value: this.value } }));
  }

  private scrolled() {
    this.gutter.scrollTop = this.area.scrollTop;
  }

  /** Tab inserts two spaces (YAML has no tabs); Shift+Tab leaves the field as usual. */
  private indent(event: KeyboardEvent) {
    if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      this.area.setRangeText('  ', this.area.selectionStart, this.area.selectionEnd, 'end');
      this.typed();
    }
  }
}
