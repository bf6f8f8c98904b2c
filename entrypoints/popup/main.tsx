import { render } from 'preact';
import { Popup, startEarlyLoad } from '@/components/popup/Popup';
import '@/components/shared/base.css';
import '@/components/popup/popup.css';

// Ask the background at once: the answers travel while Preact draws.
const early = startEarlyLoad();
render(<Popup early={early} />, document.getElementById('app')!);
