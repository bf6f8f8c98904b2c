import { render } from 'preact';
import { Options } from '@/components/options/Options';
import '@/components/shared/base.css';
import '@/components/options/options.css';
import '@/components/options/links.css';
import '@/components/options/catalogue.css';
import '@/components/options/links-import.css';

render(<Options />, document.getElementById('app')!);
