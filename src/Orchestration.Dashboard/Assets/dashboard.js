// The Orchestration dashboard's only script, served from its assembly. It never turns text into markup: live events
// are shown with textContent, and sections are refreshed with the server's own rendering of the page (in which every
// value from a record is HTML-encoded), parsed by DOMParser into an inert document.
(() => {
  'use strict';

  const body = document.body;
  if (body.dataset.page !== 'run') {
    return;
  }

  const sections = ['summary', 'wait', 'diagram', 'steps', 'errors', 'logs'];
  let refreshing = null;
  let refreshAgain = false;

  bindRespondForm();
  follow();

  function follow() {
    if (body.dataset.live !== 'true' || typeof EventSource === 'undefined') {
      return;
    }

    const url = new URL(body.dataset.events, document.baseURI);
    url.searchParams.set('after', body.dataset.after || '0');
    const source = new EventSource(url.toString());
    const indicator = document.getElementById('live-indicator');
    source.addEventListener('open', () => { if (indicator) { indicator.hidden = false; } });
    source.addEventListener('run', message => {
      const event = JSON.parse(message.data);
      appendEvent(event);
      refresh();
    });
    source.addEventListener('end', () => {
      source.close();
      body.dataset.live = 'false';
      if (indicator) { indicator.hidden = true; }
      refresh();
    });
    // On 'error' the browser reconnects by itself, resuming after the last event id it received.
  }

  function appendEvent(event) {
    const list = document.getElementById('event-list');
    if (!list || list.querySelector(`li[data-sequence="${Number(event.sequence)}"]`)) {
      return;
    }

    const item = document.createElement('li');
    item.dataset.sequence = String(event.sequence);
    item.textContent = event.text;
    list.append(item);
  }

  // Several events in a row cause one refresh while one is in flight and one after it, not one each.
  function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }

    refreshing = load().finally(() => {
      refreshing = null;
      if (refreshAgain) {
        refreshAgain = false;
        refresh();
      }
    });
  }

  async function load() {
    const response = await fetch(location.pathname, { headers: { Accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      return;
    }

    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const id of sections) {
      const current = document.getElementById(id);
      const next = fresh.getElementById(id);
      if (!current || !next) {
        continue;
      }

      if (id === 'wait' && current.contains(document.activeElement) && !next.hidden && current.querySelector('form') && next.querySelector('form')) {
        continue; // Someone is typing an answer: keep the form as it is.
      }

      keepOpenDetails(current, next);
      current.replaceWith(document.adoptNode(next));
    }

    bindRespondForm();
    document.dispatchEvent(new CustomEvent('dashboard:refreshed'));
  }

  function keepOpenDetails(current, next) {
    for (const open of current.querySelectorAll('details[open][id]')) {
      const same = next.querySelector(`details[id="${CSS.escape(open.id)}"]`);
      if (same) {
        same.open = true;
      }
    }
  }

  function bindRespondForm() {
    const form = document.getElementById('respond-form');
    if (!form || form.dataset.bound === 'true') {
      return;
    }

    form.dataset.bound = 'true';
    form.addEventListener('submit', async submitted => {
      submitted.preventDefault();
      const result = document.getElementById('respond-result');
      const button = form.querySelector('button');
      button.disabled = true;
      result.className = '';
      result.textContent = 'Sending…';
      try {
        const response = await fetch(form.dataset.action, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: form.elements.response.value,
          credentials: 'same-origin',
        });
        result.textContent = (await response.text()).trim();
        result.className = response.ok ? 'accepted' : 'refused';
        if (response.ok) {
          refresh();
        }
      } catch (error) {
        result.className = 'refused';
        result.textContent = 'The dashboard did not answer: ' + error;
      } finally {
        button.disabled = false;
      }
    });
  }
})();
