/** An element with text only and CSSOM styles: nothing the profile or catalog holds is ever parsed as markup, and a strict CSP allows it. */
export function line<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', style: Partial<CSSStyleDeclaration> = {}): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  element.textContent = text
  Object.assign(element.style, style)
  return element
}
