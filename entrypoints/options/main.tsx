import { render } from 'preact';
render(<h1>Settings</h1>, document.getElementById('app')!);
