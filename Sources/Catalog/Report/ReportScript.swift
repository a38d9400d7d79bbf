/// The review page's own script (no library, nothing loaded from anywhere): it reads the embedded JSON and
/// renders the summary, the map (canvas, Web Mercator, pan and zoom, sequence lines, a scale bar, a hit-test
/// that opens the image card) and the gallery (worst first, filtered by the summary counts and a text search,
/// 48 cards per page, lazy-loaded thumbnails).
enum ReportScript {
    static let source = #"""
(() => {
'use strict';
const raw = JSON.parse(document.getElementById('mly360-data').textContent);
const images = raw.rows.map((row, index) => {
  const image = { index };
  raw.fields.forEach((name, i) => { image[name] = row[i]; });
  return image;
});
const $ = (selector) => document.querySelector(selector);
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = value; else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}
const flagNames = ['blurry', 'dark', 'overexposed', 'not 360° by its pixels', 'near-duplicate', 'stationary', 'warnings'];
function flagsOf(image) {
  const flags = [];
  if (image.blurry === 'true') flags.push('blurry');
  if (image.exposure === 'dark') flags.push('dark');
  if (image.exposure === 'overexposed') flags.push('overexposed');
  if (image.projection === 'inconsistent') flags.push('not 360° by its pixels');
  if (image.duplicate_of && image.duplicate_of !== image.id) flags.push('near-duplicate');
  if (image.stationary === 'true') flags.push('stationary');
  if (image.warnings) flags.push('warnings');
  return flags;
}
function rankOf(image) {
  if (image.status === 'unreadable') return 0;
  if (image.status === 'damaged') return 1;
  if (image.status === 'missing') return 2;
  if (image.verdict === 'inconsistent') return 3;
  if (image.download === 'failed') return 4;
  if (image.verdict === 'no') return 5;
  if (image.flags.length) return 6;
  return 7;
}
for (const image of images) {
  image.flags = flagsOf(image);
  image.rank = rankOf(image);
  image.text = [image.id, image.file, image.creator].filter(Boolean).join(' ').toLowerCase();
  image.located = typeof image.lat === 'number' && typeof image.lon === 'number';
}
const worstFirst = images.slice().sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const state = { filter: null, query: '', shown: 0, visible: worstFirst, colour: 'verdict' };
const pageSize = 48;

// ---- Summary -------------------------------------------------------------------------------------------
const groups = [
  { kind: 'status', title: 'JPEG status', value: (i) => i.status || '(not checked)' },
  { kind: 'verdict', title: 'Equirectangular verdict', value: (i) => i.verdict || '(not checked)' },
  { kind: 'download', title: 'Download', value: (i) => i.download || '(not a download)' },
  { kind: 'flag', title: 'QA flags', values: (i) => i.flags },
];
function formatBytes(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes, unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  return (unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)) + ' ' + units[unit];
}
function matches(image, filter) {
  if (!filter) return true;
  const group = groups.find((g) => g.kind === filter.kind);
  return group.values ? group.values(image).includes(filter.value) : group.value(image) === filter.value;
}
function renderSummary() {
  const summary = $('#summary');
  const times = images.map((i) => i.time).filter(Boolean).sort();
  const sequences = new Set(images.map((i) => i.seq).filter(Boolean));
  const creators = new Set(images.map((i) => i.creator).filter(Boolean));
  const bytes = images.reduce((sum, i) => sum + (typeof i.bytes === 'number' ? i.bytes : 0), 0);
  const located = images.filter((i) => i.located).length;
  const facts = el('dl', { class: 'facts' });
  const fact = (name, value, key) => facts.append(el('div', { 'data-fact': key }, el('dt', { text: name }), el('dd', { text: String(value) })));
  fact('images', images.length, 'images');
  fact('bytes', formatBytes(bytes), 'bytes');
  fact('captured', times.length ? times[0].slice(0, 10) + ' – ' + times[times.length - 1].slice(0, 10) : '—', 'dates');
  fact('sequences', sequences.size, 'sequences');
  fact('creators', creators.size, 'creators');
  fact('located', located, 'located');
  summary.replaceChildren(el('h2', { text: 'Summary' }), facts);
  for (const group of groups) {
    const counts = new Map();
    for (const image of images) {
      for (const value of group.values ? group.values(image) : [group.value(image)]) counts.set(value, (counts.get(value) || 0) + 1);
    }
    if (group.values && counts.size === 0) continue;
    const row = el('div', { class: 'counts', 'data-group': group.kind }, el('h3', { text: group.title }));
    const names = group.values ? flagNames.filter((n) => counts.has(n)) : [...counts.keys()].sort();
    for (const name of names) {
      const button = el('button', { type: 'button', class: 'count', 'data-filter-kind': group.kind, 'data-filter-value': name,
        'data-count': counts.get(name), 'aria-pressed': 'false' }, name + ' ', el('b', { text: String(counts.get(name)) }));
      button.addEventListener('click', () => setFilter(state.filter && state.filter.kind === group.kind && state.filter.value === name
        ? null : { kind: group.kind, value: name }));
      row.append(button);
    }
    summary.append(row);
  }
}
function setFilter(filter) {
  state.filter = filter;
  for (const button of document.querySelectorAll('button.count')) {
    const on = !!filter && button.dataset.filterKind === filter.kind && button.dataset.filterValue === filter.value;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  applyFilter();
}
function applyFilter() {
  const query = state.query;
  state.visible = worstFirst.filter((i) => matches(i, state.filter) && (!query || i.text.includes(query)));
  state.shown = 0;
  $('#gallery').replaceChildren();
  showMore();
  drawMap();
}

// ---- Gallery -------------------------------------------------------------------------------------------
function mapillaryLink(image) {
  return /^[0-9]+$/.test(image.id) ? el('a', { href: 'https://www.mapillary.com/app/?pKey=' + image.id, target: '_blank',
    rel: 'noopener noreferrer', text: 'open on Mapillary' }) : null;
}
function badge(kind, value) { return value ? el('span', { class: 'badge ' + kind + '-' + value.replace(/[^a-z0-9]+/gi, '-'), text: value }) : null; }
function card(image) {
  const thumb = image.thumb ? el('img', { src: image.thumb, alt: 'thumbnail of ' + image.id, loading: 'lazy', decoding: 'async' })
    : el('span', { class: 'nothumb', text: image.status === 'missing' ? 'file missing' : 'no thumbnail' });
  const size = [image.w && image.h ? image.w + '×' + image.h : null, typeof image.bytes === 'number' ? formatBytes(image.bytes) : null];
  const details = [image.time ? image.time.replace('T', ' ').slice(0, 19) : null, image.creator, ...size].filter(Boolean).join(' · ');
  const node = el('article', { class: 'card rank-' + image.rank, 'data-image-id': image.id, tabindex: '0' },
    el('div', { class: 'thumb' }, thumb),
    el('div', { class: 'body' },
      el('div', { class: 'id', text: image.id }),
      el('div', { class: 'badges' }, badge('verdict', image.verdict), badge('status', image.status), badge('download', image.download),
        ...image.flags.map((f) => badge('flag', f))),
      image.reason ? el('p', { class: 'reason', text: image.reason }) : null,
      image.message ? el('p', { class: 'problem', text: image.message }) : null,
      image.download_error ? el('p', { class: 'problem', text: image.download_error }) : null,
      image.warnings ? el('p', { class: 'warnings', text: image.warnings }) : null,
      el('p', { class: 'small', text: details }),
      el('p', { class: 'small file', text: image.file || '' }),
      mapillaryLink(image)));
  node.addEventListener('click', (event) => { if (event.target.tagName !== 'A') openDetail(image); });
  node.addEventListener('keydown', (event) => { if (event.key === 'Enter') openDetail(image); });
  return node;
}
function showMore() {
  const gallery = $('#gallery');
  const next = state.visible.slice(state.shown, state.shown + pageSize);
  const fragment = document.createDocumentFragment();
  for (const image of next) fragment.append(card(image));
  gallery.append(fragment);
  state.shown += next.length;
  const filterText = state.filter ? ' · filter: ' + state.filter.value : '';
  const queryText = state.query ? ' · search: “' + state.query + '”' : '';
  $('#shown').textContent = 'Showing ' + state.shown + ' of ' + state.visible.length + ' (worst first)' + filterText + queryText;
  $('#more').hidden = state.shown >= state.visible.length;
}
function openDetail(image) {
  const dialog = $('#detail');
  const rows = raw.fields.filter((f) => image[f] !== null && image[f] !== undefined && f !== 'thumb')
    .map((f) => el('tr', {}, el('th', { text: f }), el('td', { text: String(image[f]) })));
  dialog.replaceChildren(
    el('form', { method: 'dialog' }, el('button', { class: 'close', 'aria-label': 'close', text: '×' })),
    el('h2', { text: image.id }),
    image.thumb ? el('img', { class: 'large', src: image.thumb, alt: 'thumbnail of ' + image.id }) : null,
    el('table', {}, ...rows), mapillaryLink(image));
  dialog.dataset.imageId = image.id;
  if (typeof dialog.showModal === 'function') dialog.showModal(); else dialog.setAttribute('open', '');
}

// ---- Map -----------------------------------------------------------------------------------------------
const palettes = {
  verdict: { confirmed: '#1a9850', partial: '#66bd63', likely: '#a6d96a', inconsistent: '#d73027', no: '#f46d43', unknown: '#888' },
  status: { ok: '#1a9850', damaged: '#fdae61', unreadable: '#d73027', missing: '#7b3294' },
  download: { downloaded: '#1a9850', skipped: '#66bd63', failed: '#d73027', pending: '#fdae61' },
  flags: { clean: '#1a9850', flagged: '#d73027' },
};
function colourKey(image) {
  if (state.colour === 'flags') return image.flags.length ? 'flagged' : 'clean';
  return image[state.colour] || '';
}
const located = images.filter((i) => i.located);
const mercator = (lon, lat) => {
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(clamped) + 1 / Math.cos(clamped)) / Math.PI) / 2];
};
for (const image of located) [image.mx, image.my] = mercator(image.lon, image.lat);
const sequenceLines = (() => {
  const bySequence = new Map();
  for (const image of located) if (image.seq) {
    if (!bySequence.has(image.seq)) bySequence.set(image.seq, []);
    bySequence.get(image.seq).push(image);
  }
  const lines = [];
  for (const members of bySequence.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => (a.time || '') < (b.time || '') ? -1 : (a.time || '') > (b.time || '') ? 1 : 0);
    lines.push(members);
  }
  return lines;
})();
const areas = (raw.areas || []).map(([w, s, e, n]) => [mercator(w, n), mercator(e, s)]);
const view = { cx: 0.5, cy: 0.5, scale: 512 };
const canvas = $('#map canvas');
function fitView() {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const image of located) { minX = Math.min(minX, image.mx); maxX = Math.max(maxX, image.mx); minY = Math.min(minY, image.my); maxY = Math.max(maxY, image.my); }
  for (const [[x0, y0], [x1, y1]] of areas) { minX = Math.min(minX, x0); maxX = Math.max(maxX, x1); minY = Math.min(minY, y0); maxY = Math.max(maxY, y1); }
  if (!isFinite(minX)) return;
  const width = canvas.clientWidth || 800, height = canvas.clientHeight || 420;
  view.cx = (minX + maxX) / 2; view.cy = (minY + maxY) / 2;
  const spanX = Math.max(maxX - minX, 1e-7), spanY = Math.max(maxY - minY, 1e-7);
  view.scale = Math.min(width / spanX, height / spanY) * 0.9;
  view.scale = Math.min(view.scale, 2 ** 24);
}
function toScreen(x, y, width, height) { return [(x - view.cx) * view.scale + width / 2, (y - view.cy) * view.scale + height / 2]; }
function drawMap() {
  const map = $('#map');
  if (!located.length) {
    map.dataset.marks = '0';
    $('#map .empty').hidden = false;
    return;
  }
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 800, height = canvas.clientHeight || 420;
  canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = '#f3f1ea'; context.fillRect(0, 0, width, height);
  context.setLineDash([6, 4]); context.strokeStyle = '#5b7fa6'; context.lineWidth = 1.5;
  for (const [[x0, y0], [x1, y1]] of areas) {
    const [a, b] = toScreen(x0, y0, width, height), [c, d] = toScreen(x1, y1, width, height);
    context.strokeRect(a, b, c - a, d - b);
  }
  context.setLineDash([]); context.strokeStyle = 'rgba(70,70,70,0.45)'; context.lineWidth = 1.2;
  for (const line of sequenceLines) {
    context.beginPath();
    line.forEach((image, i) => { const [x, y] = toScreen(image.mx, image.my, width, height); if (i) context.lineTo(x, y); else context.moveTo(x, y); });
    context.stroke();
  }
  const palette = palettes[state.colour];
  let marks = 0;
  const filtering = !!state.filter || !!state.query;
  const visible = filtering ? new Set(state.visible.map((i) => i.index)) : null;
  for (const pass of [false, true]) {
    for (const image of located) {
      const on = !visible || visible.has(image.index);
      if (on !== pass) continue;
      const [x, y] = toScreen(image.mx, image.my, width, height);
      if (x < -5 || y < -5 || x > width + 5 || y > height + 5) continue;
      context.globalAlpha = on ? 1 : 0.18;
      context.fillStyle = palette[colourKey(image)] || '#555';
      context.beginPath(); context.arc(x, y, 3.5, 0, 2 * Math.PI); context.fill();
      marks += 1;
    }
  }
  context.globalAlpha = 1;
  map.dataset.marks = String(located.length);
  map.dataset.drawn = String(marks);
  drawScale(width);
  drawLegend();
}
function drawScale(width) {
  const latitude = Math.atan(Math.sinh(Math.PI * (1 - 2 * view.cy))) ;
  const metresPerPixel = 40075016.686 * Math.cos(latitude) / view.scale;
  let length = 1;
  for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6]) {
    if (step / metresPerPixel <= Math.min(140, width / 3)) length = step;
  }
  const bar = $('#scale');
  bar.style.width = Math.round(length / metresPerPixel) + 'px';
  bar.textContent = length >= 1000 ? (length / 1000) + ' km' : length + ' m';
}
function drawLegend() {
  const legend = $('#legend');
  const palette = palettes[state.colour];
  legend.replaceChildren(...Object.entries(palette).map(([name, colour]) =>
    el('span', { class: 'key' }, el('i', { style: 'background:' + colour }), name)));
}
function hit(event) {
  const rect = canvas.getBoundingClientRect();
  const px = event.clientX - rect.left, py = event.clientY - rect.top;
  let best = null, bestDistance = 64;
  for (const image of located) {
    const [x, y] = toScreen(image.mx, image.my, rect.width, rect.height);
    const distance = (x - px) ** 2 + (y - py) ** 2;
    if (distance < bestDistance) { best = image; bestDistance = distance; }
  }
  return best;
}
function zoom(factor, px, py) {
  const width = canvas.clientWidth, height = canvas.clientHeight;
  const wx = view.cx + (px - width / 2) / view.scale, wy = view.cy + (py - height / 2) / view.scale;
  view.scale = Math.max(64, Math.min(2 ** 28, view.scale * factor));
  view.cx = wx - (px - width / 2) / view.scale; view.cy = wy - (py - height / 2) / view.scale;
  drawMap();
}
let drag = null;
canvas.addEventListener('pointerdown', (event) => { drag = { x: event.clientX, y: event.clientY, moved: false }; canvas.setPointerCapture(event.pointerId); });
canvas.addEventListener('pointermove', (event) => {
  if (!drag) return;
  const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
  view.cx -= dx / view.scale; view.cy -= dy / view.scale;
  drag.x = event.clientX; drag.y = event.clientY;
  if (drag.moved) drawMap();
});
canvas.addEventListener('pointerup', (event) => {
  const wasDrag = drag && drag.moved;
  drag = null;
  if (!wasDrag) { const image = hit(event); if (image) openDetail(image); }
});
canvas.addEventListener('wheel', (event) => {
  event.preventDefault();
  const rect = canvas.getBoundingClientRect();
  zoom(event.deltaY < 0 ? 1.25 : 0.8, event.clientX - rect.left, event.clientY - rect.top);
}, { passive: false });
$('#zoom-in').addEventListener('click', () => zoom(1.5, canvas.clientWidth / 2, canvas.clientHeight / 2));
$('#zoom-out').addEventListener('click', () => zoom(1 / 1.5, canvas.clientWidth / 2, canvas.clientHeight / 2));
$('#zoom-fit').addEventListener('click', () => { fitView(); drawMap(); });
$('#colour').addEventListener('change', (event) => { state.colour = event.target.value; drawMap(); });
window.addEventListener('resize', () => drawMap());

// ---- Controls ------------------------------------------------------------------------------------------
let searchTimer = null;
$('#search').addEventListener('input', (event) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { state.query = event.target.value.trim().toLowerCase(); applyFilter(); }, 150);
});
$('#clear').addEventListener('click', () => { $('#search').value = ''; state.query = ''; setFilter(null); });
$('#more').addEventListener('click', showMore);
if ('IntersectionObserver' in window) {
  new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting) && !$('#more').hidden) showMore(); },
    { rootMargin: '400px' }).observe($('#more'));
}

renderSummary();
fitView();
applyFilter();
document.body.dataset.ready = 'true';
})();
"""#
}
