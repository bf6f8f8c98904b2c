/** A labelled search field for a long list; every change goes back to the list's first page. */
export function SearchBox({
  id,
  label,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  value: string;
  onSearch: (query: string) => void;
}) {
  return (
    <div class="search">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        placeholder="Product, option or code"
        value={value}
        onInput={(e) => onSearch(e.currentTarget.value)}
      />
    </div>
  );
}
