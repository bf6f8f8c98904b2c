/** @jsxImportSource @/lib/content/ui/dom */
/**
 * The overlay's DOM JSX (lib/content/ui/dom): elements built directly, and renders that keep
 * what the merchant is on (focus, live regions, the select) while everything else follows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '@/lib/content/ui/dom/jsx-runtime';

let box: HTMLElement;
afterEach(() => box?.remove());

function container(): HTMLElement {
  box = document.createElement('div');
  document.body.appendChild(box);
  return box;
}

describe('building', () => {
  it('makes real elements with attributes, text as text, and no attribute for false or null', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const el = (
      <p class="a" aria-busy="true" hidden={false} title={undefined} data-x={3}>
        {hostile}
        {null}
        {false}
        {[1, ' and ', 2]}
      </p>
    ) as HTMLElement;
    expect(el.localName).toBe('p');
    expect(el.getAttribute('class')).toBe('a');
    expect(el.getAttribute('aria-busy')).toBe('true');
    expect(el.getAttribute('data-x')).toBe('3');
    expect(el.hasAttribute('hidden')).toBe(false);
    expect(el.hasAttribute('title')).toBe(false);
    expect(el.textContent).toBe(`${hostile}1 and 2`);
    expect(el.querySelector('img')).toBeNull();
  });

  it('draws SVG in the SVG namespace, keeping attribute case', () => {
    const svg = (
      <svg viewBox="0 0 10 10" aria-hidden="true">
        <path d="M1 1" />
      </svg>
    ) as SVGElement;
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.firstElementChild!.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('viewBox')).toBe('0 0 10 10');
  });

  it('calls function components with their props and children; fragments hold several nodes', () => {
    const Item = ({ name, children }: { name: string; children?: unknown }) => (
      <li data-name={name}>{children as string}</li>
    );
    const Pair = () => (
      <>
        <Item name="a">first</Item>
        <Item name="b">second</Item>
      </>
    );
    const list = (
      <ul>
        <Pair />
      </ul>
    ) as HTMLElement;
    expect(Array.from(list.children).map((li) => `${li.getAttribute('data-name')}:${li.textContent}`)).toEqual([
      'a:first',
      'b:second',
    ]);
  });

  it("sets handlers and a select's value (after its options) as properties", () => {
    const onChange = vi.fn();
    const select = (
      <select value="b" onChange={onChange}>
        <option value="a">A</option>
        <option value="b">B</option>
      </select>
    ) as HTMLSelectElement;
    expect(select.value).toBe('b');
    select.dispatchEvent(new Event('change'));
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('render', () => {
  const Panel = (p: { label: string; busy: boolean; notice: string; error?: string; onGo(): void }) => (
    <section>
      <button type="button" aria-busy={p.busy ? 'true' : undefined} onClick={p.onGo}>
        {p.label}
      </button>
      <p role="status">{p.notice}</p>
      {p.error ? <p role="alert">{p.error}</p> : null}
    </section>
  );

  it('keeps the focused button, and the live region, as the same elements while their text changes', () => {
    const c = container();
    render(c, <Panel label="Send" busy={false} notice="" onGo={() => undefined} />);
    const button = c.querySelector('button')!;
    const status = c.querySelector('[role=status]')!;
    button.focus();
    render(c, <Panel label="Sending…" busy notice="Sent as order 42." onGo={() => undefined} />);
    expect(c.querySelector('button')).toBe(button);
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toBe('Sending…');
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(c.querySelector('[role=status]')).toBe(status);
    expect(status.textContent).toBe('Sent as order 42.');
    render(c, <Panel label="Send" busy={false} notice="" onGo={() => undefined} />);
    expect(button.hasAttribute('aria-busy')).toBe(false);
  });

  it('adds and removes conditional elements, leaving the rest in place', () => {
    const c = container();
    render(c, <Panel label="Send" busy={false} notice="" onGo={() => undefined} />);
    const status = c.querySelector('[role=status]')!;
    render(
      c,
      <Panel label="Send" busy={false} notice="" error="The extension did not answer." onGo={() => undefined} />,
    );
    expect(c.querySelector('[role=alert]')!.textContent).toBe('The extension did not answer.');
    expect(c.querySelector('[role=status]')).toBe(status);
    render(c, <Panel label="Send" busy={false} notice="" onGo={() => undefined} />);
    expect(c.querySelector('[role=alert]')).toBeNull();
    expect(c.querySelector('section')!.children).toHaveLength(2);
  });

  it('swaps handlers: only the latest render’s handler runs, and a removed one is gone', () => {
    const c = container();
    const first = vi.fn();
    const second = vi.fn();
    render(
      c,
      <button type="button" onClick={first}>
        Go
      </button>,
    );
    const button = c.querySelector('button')!;
    render(
      c,
      <button type="button" onClick={second}>
        Go
      </button>,
    );
    button.click();
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    render(c, <button type="button">Go</button>);
    button.click();
    expect(second).toHaveBeenCalledTimes(1);
    expect(c.querySelector('button')).toBe(button);
  });

  it('follows the value it is given and drops attributes no longer given', () => {
    const c = container();
    const Select = ({ value, disabled }: { value: string; disabled: boolean }) => (
      <select value={value} disabled={disabled}>
        <option value="regular">Regular</option>
        <option value="courier">Courier</option>
      </select>
    );
    render(c, <Select value="regular" disabled />);
    const select = c.querySelector('select')!;
    expect(select.disabled).toBe(true);
    render(c, <Select value="courier" disabled={false} />);
    expect(c.querySelector('select')).toBe(select);
    expect(select.value).toBe('courier');
    expect(select.hasAttribute('disabled')).toBe(false);
  });

  it('keeps keyed entries (data-ink-item) as their own elements when an earlier one goes', () => {
    const c = container();
    const List = ({ ids }: { ids: string[] }) => (
      <ul>
        {ids.map((id) => (
          <li data-ink-item={id}>
            <button type="button">{id}</button>
          </li>
        ))}
      </ul>
    );
    render(c, <List ids={['a', 'b', 'c']} />);
    const [, b, cEl] = Array.from(c.querySelectorAll('li'));
    b!.querySelector('button')!.focus();
    render(c, <List ids={['b', 'c']} />);
    const now = Array.from(c.querySelectorAll('li'));
    expect(now.map((li) => li.textContent)).toEqual(['b', 'c']);
    expect(now[0]).toBe(b);
    expect(now[1]).toBe(cEl);
    expect(document.activeElement).toBe(b!.querySelector('button'));
    render(c, <List ids={['c', 'b', 'd']} />);
    expect(Array.from(c.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['c', 'b', 'd']);
    expect(c.querySelectorAll('li')[1]).toBe(b);
  });

  it('replaces a node of another kind, and empties for nothing', () => {
    const c = container();
    render(c, <p>one</p>);
    render(c, <div>two</div>);
    expect(c.innerHTML).toBe('<div>two</div>');
    render(c, null);
    expect(c.childNodes).toHaveLength(0);
  });
});
