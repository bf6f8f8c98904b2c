import { render } from 'preact';
import { Popup, readSnapshot, startEarlyLoad } from '@/components/popup/Popup';
import '@/components/shared/base.css';
import '@/components/popup/popup.css';

// Ask the background at once: the answers travel while the worker's snapshot is read and drawn.
const snapshotRead = readSnapshot();
const early = startEarlyLoad();
const snapshot = await snapshotRead;
render(<Popup early={early} snapshot={snapshot} />, document.getElementById('app')!);
