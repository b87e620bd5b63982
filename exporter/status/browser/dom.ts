/**
 * The page builds every node with createElement/textContent — never innerHTML — so text from the
 * server (client ids are chosen by clients) can never become markup.
 */

export type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  readonly className?: string;
  readonly title?: string;
  readonly testId?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly onClick?: () => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.title) node.title = props.title;
  if (props.testId) node.dataset['testid'] = props.testId;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  const onClick = props.onClick;
  if (onClick) node.addEventListener('click', () => onClick());
  append(node, children);
  return node;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces the content of the element with this id. */
export function fill(id: string, ...children: Child[]): void {
  const target = document.getElementById(id);
  if (!target) throw new Error(`status page: no element #${id}`);
  target.replaceChildren();
  append(target, children);
}

export function show(id: string, visible: boolean): void {
  const target = document.getElementById(id);
  if (target) target.hidden = !visible;
}
