import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import '@/components/shared/base.css';
import '@/components/popup/popup.css';

render(<Popup />, document.getElementById('app')!);
