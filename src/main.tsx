// The entry: as little as can start the training worker. It isolates the page (or reloads it under
// the isolating service worker), starts the worker on a page that trains, and only then loads the
// app, so tfjs loads in the worker while React, the lessons and KaTeX load here.
import { isolate } from './app/isolate';
import { prewarm } from './bridge/spare';

// isolated before anything starts (the address bar still has autorun), or the page loads again
// under the isolating service worker and nothing here runs
if ((await isolate()) === 'reloading') await new Promise(() => {});
const query = new URLSearchParams(window.location.search);
// (a recorded run trains nothing: no worker, unless the student switches to live)
if ((query.has('lesson') || query.has('method')) && query.get('recorded') !== '1') prewarm();
await import('./app/start');
