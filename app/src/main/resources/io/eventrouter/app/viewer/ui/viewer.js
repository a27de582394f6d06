// The event viewer's page. Plain JavaScript, no build step, no third-party code: appliances are often offline.
//
// Data flow: one EventSource on events/stream delivers `hello`, `event` (an event with its outcomes), `status` (the
// outcomes of an event already sent) and `resync` (this browser fell behind and the server re-sent its history).
// Frames only update the in-memory model. The list is virtual: it holds only the rows that are on screen (about
// twenty, reused as it scrolls) and is redrawn in one batch per animation frame, at most every MIN_FRAME_MS, so the
// page stays responsive however many events arrive.
'use strict';

(() => {
  const ROW_HEIGHT = 46;       // pixels; the same as .row's height in viewer.css
  const OVERSCAN = 4;          // rows drawn beyond each edge of the visible area
  const MAX_KEPT = 5000;       // events kept in this page's memory (the router keeps its own history)
  const MIN_FRAME_MS = 50;     // at most 20 list updates a second: enough for the eye, cheap at any event rate
  const COUNTS_EVERY_MS = 2000;
  const CURL_URL_KEY = 'eventViewer.curlUrl';

  const $ = (id) => document.getElementById(id);
  const rowsEl = $('rows');
  const spacerEl = $('rows-spacer');

  const state = {
    instance: null,
    events: new Map(),         // seq -> event record, in arrival order (oldest first)
    view: [],                  // the records that match the filters, oldest first; shown newest first
    viewStart: 0,              // records before this index have left the page's memory
    addedToView: 0,            // since the last frame: keeps a scrolled-down reader's rows in place
    filters: { type: '', subject: '', source: '', text: '' },
    filterVersion: 0,
    cesql: '',
    paused: false,
    newWhilePaused: 0,
    selected: null,            // the selected record (kept even when it leaves the page's memory)
    needsFull: true,
    pool: [],                  // row elements, reused as the list scrolls
    received: 0,
    arrivals: 0,
    rate: 0,
    source: null,
    frameRequested: false,
    lastRender: 0,
    busyMs: { frames: 0, render: 0 },   // time spent in this script, for the stats below
    connection: 'connecting',
  };

  // ---- Model ----------------------------------------------------------------------------------------------------

  function upsert(rec) {
    const known = state.events.get(rec.seq);
    if (known) {
      outcomesChanged(known, rec.outcomes);
      return;
    }
    state.events.set(rec.seq, rec);
    state.received++;
    state.arrivals++;
    if (state.paused) {
      if (matches(rec)) state.newWhilePaused++;
    } else if (!state.needsFull && matches(rec)) {
      const view = state.view;
      if (view.length > state.viewStart && view[view.length - 1].seq > rec.seq) {
        state.needsFull = true;      // arrived out of order (a replay): rebuild in order at the next frame
      } else {
        view.push(rec);
        state.addedToView++;
      }
    }
    while (state.events.size > MAX_KEPT) {
      const oldest = state.events.keys().next().value;
      const gone = state.events.get(oldest);
      state.events.delete(oldest);
      // A paused list keeps what it shows; it is rebuilt on resume.
      if (!state.paused && state.view[state.viewStart] === gone) state.viewStart++;
    }
    if (state.viewStart > 2048) {
      state.view = state.view.slice(state.viewStart);
      state.viewStart = 0;
    }
  }

  function outcomesChanged(rec, outcomes) {
    rec.outcomes = outcomes;
    if (state.selected === rec) rec._dirty = true;
  }

  function clearModel() {
    state.events.clear();
    state.view = [];
    state.viewStart = 0;
    state.needsFull = true;
    schedule();
  }

  function rebuildView() {
    state.needsFull = false;
    state.addedToView = 0;
    state.view = Array.from(state.events.values()).sort((a, b) => a.seq - b.seq).filter(matches);
    state.viewStart = 0;
  }

  function listed() {
    return state.view.length - state.viewStart;
  }

  /** The record at a position of the list, 0 being the newest. */
  function atPosition(position) {
    return state.view[state.view.length - 1 - position];
  }

  function positionOf(rec) {
    const view = state.view;
    let low = state.viewStart;
    let high = view.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (view[mid].seq === rec.seq) return view.length - 1 - mid;
      if (view[mid].seq < rec.seq) low = mid + 1; else high = mid - 1;
    }
    return -1;
  }

  function lower(value) {
    return value == null ? '' : String(value).toLowerCase();
  }

  function haystack(rec) {
    if (rec._text === undefined) {
      const a = rec.attributes;
      rec._text = [a.id, a.type, a.subject, a.source, rec.provider, rec.dataEncoding === 'text' ? rec.data : '',
        ...Object.values(rec.extensions || {})].map(lower).join('\n');
    }
    return rec._text;
  }

  function matches(rec) {
    if (rec._version === state.filterVersion) return rec._match;
    const f = state.filters;
    const a = rec.attributes;
    const ok = (!f.type || lower(a.type).includes(f.type))
      && (!f.subject || lower(a.subject).includes(f.subject))
      && (!f.source || lower(a.source).includes(f.source))
      && (!f.text || haystack(rec).includes(f.text));
    rec._version = state.filterVersion;
    rec._match = ok;
    return ok;
  }

  // ---- Stream ---------------------------------------------------------------------------------------------------

  function connect() {
    if (state.source) state.source.close();
    const query = state.cesql ? '?filter=' + encodeURIComponent(state.cesql) : '';
    const source = new EventSource('events/stream' + query);
    state.source = source;
    source.addEventListener('hello', (e) => {
      const hello = JSON.parse(e.data);
      if (state.instance && state.instance !== hello.instance) clearModel();  // the router restarted
      state.instance = hello.instance;
      setConnection('live');
    });
    source.addEventListener('event', timed('frames', (e) => {
      upsert(JSON.parse(e.data));
      schedule();
    }));
    source.addEventListener('status', timed('frames', (e) => {
      const status = JSON.parse(e.data);
      const rec = state.events.get(status.seq);
      if (rec) {
        outcomesChanged(rec, status.outcomes);
        schedule();
      }
    }));
    source.addEventListener('resync', (e) => {
      const resync = JSON.parse(e.data);
      notice(`This page fell behind the router: ${resync.dropped} updates were skipped and it was re-synchronised `
        + 'from the router\'s history.', false);
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // Refused (too many viewers, auth): EventSource gives up, so try again a little later.
        setConnection('error');
        setTimeout(() => { if (state.source === source) connect(); }, 5000);
      } else {
        setConnection('connecting');
      }
    };
  }

  // The stream's state (connecting, live, error); "paused" is shown over "live" while the list is frozen.
  function setConnection(value) {
    state.connection = value;
    const shown = state.paused && value === 'live' ? 'paused' : value;
    $('connection').dataset.state = shown;
    $('connection-text').textContent = { live: 'live', paused: 'paused', connecting: 'reconnecting…',
      error: 'disconnected' }[shown] || shown;
  }

  async function applyCesql(text) {
    const input = $('f-cesql');
    if (text) {
      const answer = await fetch('events/history?limit=0&filter=' + encodeURIComponent(text));
      if (answer.status === 400) {
        input.setAttribute('aria-invalid', 'true');
        notice((await answer.text()).trim(), true);
        return;
      }
    }
    input.removeAttribute('aria-invalid');
    notice('', false);
    state.cesql = text;
    clearModel();
    connect();
    remember();
  }

  // ---- Rendering ------------------------------------------------------------------------------------------------

  // Frames only mark the model; the page is redrawn in one batch per animation frame, and not more often than every
  // MIN_FRAME_MS however many events arrive in between. Scrolling redraws at the next frame.
  function schedule(urgent) {
    if (state.frameRequested) return;
    state.frameRequested = true;
    const wait = urgent ? 0 : state.lastRender + MIN_FRAME_MS - performance.now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(render), wait); else requestAnimationFrame(render);
  }

  function timed(name, fn) {
    return (...args) => {
      const start = performance.now();
      try { return fn(...args); } finally { state.busyMs[name] += performance.now() - start; }
    };
  }

  const render = timed('render', (now) => {
    state.frameRequested = false;
    state.lastRender = now;
    if (state.paused) {
      $('pause').textContent = state.newWhilePaused ? `Resume (${state.newWhilePaused} new)` : 'Resume';
    } else if (state.needsFull) {
      rebuildView();
    } else if (state.addedToView && rowsEl.scrollTop > 0) {
      // New events go on top: a reader scrolled down keeps looking at the same events.
      rowsEl.scrollTop += state.addedToView * ROW_HEIGHT;
    }
    state.addedToView = 0;
    drawRows();
    if (state.selected && state.selected._dirty) renderDetails(state.selected);
    renderFigures();
  });

  // Draws the rows in (and near) the visible part of the list, reusing row elements.
  function drawRows() {
    const total = listed();
    spacerEl.style.height = `${total * ROW_HEIGHT}px`;
    const top = rowsEl.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, Math.ceil((top + rowsEl.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (state.pool.length < needed) state.pool.push(makeRow());
    for (let k = 0; k < needed; k++) {
      const row = state.pool[k];
      if (!row.isConnected) rowsEl.appendChild(row);
      fillRow(row, atPosition(first + k), first + k);
    }
    for (let k = needed; k < state.pool.length && state.pool[k].isConnected; k++) state.pool[k].remove();
  }

  function renderFigures() {
    $('shown-count').textContent = listed().toLocaleString();
    $('kept-count').textContent = state.events.size.toLocaleString();
    $('rate').textContent = state.rate.toLocaleString();
    $('list-empty').hidden = listed() > 0;
    $('list-empty').textContent = state.events.size ? 'No event matches the filters.' : 'Waiting for events…';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clock(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso || '';
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }

  function makeRow() {
    const row = el('div', 'row');
    row.setAttribute('role', 'listitem');
    row._time = row.appendChild(el('span', 'time'));
    const title = row.appendChild(el('span', 'title'));
    row._title = title.appendChild(el('strong'));
    row._kind = title.appendChild(el('small'));
    const source = row.appendChild(el('span', 'source'));
    row._source = source.appendChild(el('span'));
    row._provider = source.appendChild(el('small'));
    row._chips = row.appendChild(el('span', 'chips'));
    return row;
  }

  function fillRow(row, rec, position) {
    if (row._position !== position) {
      row.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
      row._position = position;
    }
    if (row._rec !== rec) {
      const a = rec.attributes;
      row._rec = rec;
      row._outcomes = null;
      row.dataset.seq = rec.seq;
      row._time.textContent = clock(rec.receivedAt);
      row._title.textContent = a.subject || a.type;
      row._kind.textContent = a.subject ? a.type : a.id;
      row._source.textContent = a.source;
      row._provider.textContent = rec.provider;
    }
    if (row._outcomes !== rec.outcomes) {
      fillChips(row._chips, rec);
      row._outcomes = rec.outcomes;
    }
    row.classList.toggle('selected', state.selected === rec);
  }

  function outcomeLabel(outcome) {
    switch (outcome.state) {
      case 'delivered': return outcome.attempts > 1 ? `delivered (${outcome.attempts} attempts)` : 'delivered';
      case 'retrying': return `retrying #${outcome.attempts}` + (outcome.status ? ` · ${outcome.status}` : '');
      case 'dead-lettered': return 'dead-lettered';
      case 'filtered-out': return 'filtered out';
      case 'rate-limited': return 'rate-limited';
      default: return outcome.state;
    }
  }

  function fillChips(container, rec) {
    const chips = [];
    for (const [processor, outcome] of Object.entries(rec.outcomes || {})) {
      const chip = el('span', 'chip', `${processor}: ${outcomeLabel(outcome)}`);
      chip.dataset.state = outcome.state;
      chip.dataset.processor = processor;
      if (outcome.detail) chip.title = outcome.detail;
      chips.push(chip);
    }
    container.replaceChildren(...chips);
  }

  // ---- Details --------------------------------------------------------------------------------------------------

  function select(rec) {
    if (!rec) return;
    state.selected = rec;
    for (const row of state.pool) row.classList.toggle('selected', row._rec === rec);
    renderDetails(rec);
  }

  /** Selects the event {@code step} rows below (or above) the selected one, scrolling it into view. */
  function moveSelection(step) {
    const current = state.selected ? positionOf(state.selected) : -1;
    const position = Math.min(listed() - 1, Math.max(0, current + step));
    const rec = atPosition(position);
    if (!rec) return;
    const top = position * ROW_HEIGHT;
    if (top < rowsEl.scrollTop) rowsEl.scrollTop = top;
    else if (top + ROW_HEIGHT > rowsEl.scrollTop + rowsEl.clientHeight) {
      rowsEl.scrollTop = top + ROW_HEIGHT - rowsEl.clientHeight;
    }
    select(rec);
    schedule(true);
  }

  function kvRows(tbody, pairs) {
    tbody.replaceChildren(...pairs.map(([key, value]) => {
      const tr = el('tr');
      tr.appendChild(el('th', null, key));
      const td = el('td');
      if (value instanceof Node) td.appendChild(value); else td.textContent = value;
      tr.appendChild(td);
      return tr;
    }));
  }

  function renderDetails(rec) {
    rec._dirty = false;
    const a = rec.attributes;
    $('details-empty').hidden = true;
    $('details-body').hidden = false;
    $('d-title').textContent = a.subject || a.type;
    $('d-sub').textContent = `#${rec.seq} · received ${new Date(rec.receivedAt).toLocaleString()} from ${rec.provider}`;

    const outcomes = Object.entries(rec.outcomes || {});
    kvRows($('d-outcomes'), outcomes.length ? outcomes.map(([processor, o]) => {
      const cell = el('span');
      const chip = el('span', 'chip', outcomeLabel(o));
      chip.dataset.state = o.state;
      cell.appendChild(chip);
      const facts = [];
      if (o.attempts) facts.push(`${o.attempts} attempt${o.attempts > 1 ? 's' : ''}`);
      if (o.status) facts.push(`HTTP ${o.status}`);
      if (o.nextAttemptAt) facts.push(`${o.state === 'rate-limited' ? 'sent' : 'next attempt'} ${clock(o.nextAttemptAt)}`);
      facts.push(`at ${clock(o.at)}`);
      cell.appendChild(document.createTextNode(' ' + facts.join(' · ')));
      if (o.detail) cell.appendChild(el('span', 'detail', o.detail));
      return [processor, cell];
    }) : [['—', 'no processor has it yet']]);

    const names = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema'];
    const attributes = names.filter((n) => a[n] != null).map((n) => [n, a[n]]);
    for (const n of Object.keys(a)) if (!names.includes(n)) attributes.push([n, a[n]]);
    kvRows($('d-attributes'), attributes);
    const extensions = Object.entries(rec.extensions || {});
    $('d-extensions-title').hidden = extensions.length === 0;
    kvRows($('d-extensions'), extensions);

    renderData(rec);
    renderCurl();
  }

  function renderData(rec) {
    const pre = $('d-data');
    const note = $('d-data-note');
    if (rec.data === undefined) {
      pre.replaceChildren(el('span', 'z', '(no data)'));
      note.textContent = '';
      return;
    }
    note.textContent = rec.dataTruncated
      ? `first ${rec.data.length.toLocaleString()} characters of ${rec.dataBytes.toLocaleString()} bytes`
      : `${rec.dataBytes.toLocaleString()} bytes`;
    if (rec.dataEncoding === 'base64') {
      note.textContent += ', binary shown as base64';
      pre.textContent = rec.data;
      return;
    }
    let pretty = null;
    if (!rec.dataTruncated) {
      try { pretty = JSON.stringify(JSON.parse(rec.data), null, 2); } catch (e) { pretty = null; }
    }
    if (pretty === null) pre.textContent = rec.data; else highlightJson(pre, pretty);
  }

  // Colours JSON text by building text nodes and spans (never innerHTML: event data is untrusted).
  function highlightJson(pre, text) {
    const token = /("(?:\\u[0-9a-fA-F]{4}|\\[^u]|[^\\"])*")(\s*:)?|\b(true|false)\b|\b(null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (let m = token.exec(text); m; m = token.exec(text)) {
      if (m.index > last) fragment.appendChild(document.createTextNode(text.slice(last, m.index)));
      const cls = m[1] ? (m[2] ? 'k' : 's') : m[3] ? 'b' : m[4] ? 'z' : 'n';
      fragment.appendChild(el('span', cls, m[1] ? m[1] : m[0]));
      if (m[2]) fragment.appendChild(document.createTextNode(m[2]));
      last = token.lastIndex;
    }
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    pre.replaceChildren(fragment);
  }

  // ---- Copy as curl ---------------------------------------------------------------------------------------------

  function shellQuote(text) {
    return "'" + String(text).replace(/'/g, "'\\''") + "'";
  }

  // CloudEvents HTTP binding: in headers, space, '"', '%' and anything outside printable ASCII are percent-encoded.
  function headerValue(value) {
    let out = '';
    for (const byte of new TextEncoder().encode(String(value))) {
      out += byte > 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x25
        ? String.fromCharCode(byte) : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
  }

  function curlCommand(rec, url) {
    const a = rec.attributes;
    const parts = [`curl -sS -i -X POST ${shellQuote(url)}`];
    if (a.datacontenttype) parts.push(`-H ${shellQuote('Content-Type: ' + a.datacontenttype)}`);
    for (const [name, value] of Object.entries(a)) {
      if (name !== 'datacontenttype' && value != null) parts.push(`-H ${shellQuote(`ce-${name}: ${headerValue(value)}`)}`);
    }
    for (const [name, value] of Object.entries(rec.extensions || {})) {
      parts.push(`-H ${shellQuote(`ce-${name}: ${headerValue(value)}`)}`);
    }
    if (rec.data === undefined) return parts.join(' \\\n  ');
    if (rec.dataEncoding === 'base64') {
      parts.push('--data-binary @-');
      return `printf '%s' ${shellQuote(rec.data)} | base64 -d | ` + parts.join(' \\\n  ');
    }
    // --data-raw, not --data-binary: curl reads a file for data that starts with '@' (e.g. "@/etc/passwd").
    parts.push(`--data-raw ${shellQuote(rec.data)}`);
    return parts.join(' \\\n  ');
  }

  function renderCurl() {
    const rec = state.selected;
    if (!rec) return;
    $('curl').value = curlCommand(rec, $('curl-url').value.trim() || 'http://localhost:8080/');
    $('copy-result').textContent = rec.dataTruncated
      ? 'The data was cut for display (maxDataBytes): this command sends only the part shown.' : '';
  }

  async function copyCurl() {
    const text = $('curl').value;
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch (e) {
      // Not a secure context (plain http on an address other than localhost): fall back to a selection copy.
      $('curl').select();
      copied = document.execCommand && document.execCommand('copy');
    }
    $('copy-result').textContent = copied ? 'Copied.' : 'Select the text and copy it.';
  }

  // ---- Counts per type ------------------------------------------------------------------------------------------

  async function refreshCounts() {
    try {
      const answer = await fetch('events/counts');
      if (answer.ok) {
        const body = await answer.json();
        renderCounts(body.types || []);
        renderProcessors(body.processors || []);
        renderSharing(body.sharing);
      }
    } catch (e) {
      // The stream's state shows the connection problem; counts come back with it.
    }
  }

  function renderCounts(types) {
    const list = $('type-counts');
    const f = state.filters;
    list.replaceChildren(...types.slice(0, 200).map((t) => {
      const li = el('li');
      const name = el('span', 'name', t.subject || t.type);
      if (t.subject) name.appendChild(el('small', null, t.type));
      name.title = t.subject ? `${t.subject}\n${t.type}` : t.type;
      li.appendChild(name);
      li.appendChild(el('span', 'n', t.count.toLocaleString()));
      li.dataset.type = t.type;
      li.dataset.subject = t.subject || '';
      if (lower(t.type) === f.type && lower(t.subject || '') === f.subject) li.classList.add('active');
      return li;
    }));
    $('types-empty').hidden = types.length > 0;
    fillOptions($('type-list'), [...new Set(types.map((t) => t.type))]);
    fillOptions($('subject-list'), [...new Set(types.map((t) => t.subject).filter(Boolean))]);
  }

  // Whether each processor's destination takes events: a failing one shows since when and why.
  function renderProcessors(processors) {
    $('processors').replaceChildren(...processors.map((p) => {
      const li = el('li', p.delivering ? 'delivering' : 'failing');
      li.dataset.processor = p.name;
      li.appendChild(el('span', 'name', p.name));
      li.appendChild(el('span', 'n', p.delivering ? 'delivering' : `failing since ${clock(p.since)}`));
      if (!p.delivering) {
        li.appendChild(el('small', 'reason', `${p.reason} (${p.failedAttempts} failed attempts)`));
        li.title = p.reason;
      }
      return li;
    }));
  }

  // With several replicas: which one reads each shared provider (vcenter, horizon) and how many each reads, as this
  // replica knows them.
  function renderSharing(sharing) {
    $('sharing').hidden = !sharing;
    if (!sharing) return;
    const here = sharing.replica;
    $('sharing-replica').textContent = `seen from ${here}`;
    $('shared-providers').replaceChildren(...sharing.providers.map((p) => {
      const li = el('li', p.holder === null ? 'unheld' : (p.holder === here ? 'here' : 'elsewhere'));
      li.dataset.provider = p.name;
      li.appendChild(el('span', 'name', p.name));
      li.appendChild(el('span', 'n', p.holder === null ? 'no replica' : (p.holder === here ? 'here' : p.holder)));
      li.title = p.holder === null ? 'No replica holds it now: one takes it over within the lease duration'
        : `Read by ${p.holder}`;
      return li;
    }));
    $('replica-counts').replaceChildren(...sharing.replicas.map((r) => {
      const li = el('li', r.name === here ? 'here' : null);
      li.dataset.replica = r.name;
      li.appendChild(el('span', 'name', r.name === here ? `${r.name} (here)` : r.name));
      li.appendChild(el('span', 'n', String(r.count)));
      return li;
    }));
  }

  function fillOptions(datalist, values) {
    datalist.replaceChildren(...values.slice(0, 200).map((v) => {
      const option = document.createElement('option');
      option.value = v;
      return option;
    }));
  }

  // ---- Controls -------------------------------------------------------------------------------------------------

  function readFilters() {
    state.filters = {
      type: lower($('f-type').value.trim()),
      subject: lower($('f-subject').value.trim()),
      source: lower($('f-source').value.trim()),
      text: lower($('f-text').value.trim()),
    };
    state.filterVersion++;
    state.needsFull = true;
    rowsEl.scrollTop = 0;
    schedule();
    remember();
  }

  // Keeps the filters in the address, so a reload or a shared link shows the same view.
  function remember() {
    const params = new URLSearchParams();
    const pairs = [['type', 'f-type'], ['subject', 'f-subject'], ['source', 'f-source'], ['q', 'f-text']];
    for (const [name, id] of pairs) if ($(id).value.trim()) params.set(name, $(id).value.trim());
    if (state.cesql) params.set('cesql', state.cesql);
    const query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  function setPaused(paused) {
    state.paused = paused;
    state.newWhilePaused = 0;
    $('pause').setAttribute('aria-pressed', String(paused));
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    setConnection(state.connection);
    state.needsFull = true;
    schedule();
  }

  let noticeTimer = null;

  function notice(text, error) {
    const box = $('notice');
    clearTimeout(noticeTimer);
    box.textContent = text;
    box.hidden = !text;
    box.classList.toggle('error', Boolean(error));
    if (text && !error) noticeTimer = setTimeout(() => { box.hidden = true; }, 15000);
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  function start() {
    const params = new URLSearchParams(location.search);
    $('f-type').value = params.get('type') || '';
    $('f-subject').value = params.get('subject') || '';
    $('f-source').value = params.get('source') || '';
    $('f-text').value = params.get('q') || '';
    $('f-cesql').value = params.get('cesql') || '';
    state.cesql = $('f-cesql').value.trim();
    readFilters();

    const onFilter = debounce(readFilters, 120);
    for (const id of ['f-type', 'f-subject', 'f-source', 'f-text']) $(id).addEventListener('input', onFilter);
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      readFilters();
      applyCesql($('f-cesql').value.trim());
    });
    $('pause').addEventListener('click', () => setPaused(!state.paused));
    $('clear').addEventListener('click', () => {
      state.selected = null;
      $('details-body').hidden = true;
      $('details-empty').hidden = false;
      clearModel();
    });
    rowsEl.addEventListener('click', (e) => {
      const row = e.target.closest('.row');
      if (row) select(row._rec);
    });
    rowsEl.addEventListener('keydown', (e) => {
      const steps = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
      if (steps[e.key]) {
        e.preventDefault();
        moveSelection(steps[e.key]);
      }
    });
    rowsEl.addEventListener('scroll', () => schedule(true), { passive: true });
    window.addEventListener('resize', () => schedule(true));
    $('type-counts').addEventListener('click', (e) => {
      const li = e.target.closest('li');
      if (!li) return;
      const same = li.classList.contains('active');
      $('f-type').value = same ? '' : li.dataset.type;
      $('f-subject').value = same ? '' : li.dataset.subject;
      readFilters();
      refreshCounts();
    });
    let savedUrl = null;
    try { savedUrl = localStorage.getItem(CURL_URL_KEY); } catch (e) { savedUrl = null; }
    $('curl-url').value = savedUrl || 'http://localhost:8080/';
    $('curl-url').addEventListener('input', () => {
      try { localStorage.setItem(CURL_URL_KEY, $('curl-url').value.trim()); } catch (e) { /* private mode */ }
      renderCurl();
    });
    $('copy-curl').addEventListener('click', copyCurl);

    setInterval(() => {
      state.rate = state.arrivals;
      state.arrivals = 0;
      renderFigures();
    }, 1000);
    setInterval(refreshCounts, COUNTS_EVERY_MS);
    refreshCounts();
    if (state.cesql) applyCesql(state.cesql); else connect();
  }

  // A small window into the page for tests and for curious users in the browser console.
  window.eventViewer = {
    stats: () => ({
      rows: rowsEl.querySelectorAll('.row').length, listed: listed(), kept: state.events.size,
      received: state.received, paused: state.paused, connection: state.connection,
      busyMs: { frames: Math.round(state.busyMs.frames), render: Math.round(state.busyMs.render) },
    }),
    curlCommand: (seq, url) => curlCommand(state.events.get(seq), url),
    scrollTo: (position) => { rowsEl.scrollTop = position * ROW_HEIGHT; schedule(true); },
  };

  start();
})();
