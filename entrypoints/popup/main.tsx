import { render } from 'preact';
render(<h1>Inkthreadable orders</h1>, document.getElementById('app')!);
