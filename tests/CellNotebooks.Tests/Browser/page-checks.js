// What a reader sees on an executed notebook page, read from the page's own Plotly objects (each chart's div carries
// data, layout and the computed _fullLayout/_fullData) and from the rendered DOM. Returns a JSON string:
// { charts, tables, problems: [text] }. Run after every chart has rendered.
return (() => {
  const problems = [];
  const px = (v) => Math.round(v);
  const body = document.body.getBoundingClientRect();
  const bodyStyle = getComputedStyle(document.body);
  const column = { left: body.left + parseFloat(bodyStyle.paddingLeft), right: body.right - parseFloat(bodyStyle.paddingRight) };
  const viewport = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > viewport + 1)
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px of content in a ${viewport} px window`);

  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const canonical = (c) => { probe.style.color = ''; probe.style.color = c; return getComputedStyle(probe).color; };
  const luminance = (c) => {
    const m = /rgba?\((\d+), (\d+), (\d+)/.exec(canonical(c));
    return m ? (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255 : 0;
  };
  const finite = (a) => Array.isArray(a) && a.some((v) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== ''));
  const len = (a) => (Array.isArray(a) || ArrayBuffer.isView(a) ? a.length : 0);

  function traceProblem(t) {
    switch (t.type) {
      case 'table': {
        const values = (t.cells && t.cells.values) || [];
        return values.length === 0 || values.every((col) => len(col) === 0) ? 'a table without rows' : null;
      }
      case 'image':
        return t.source || len(t.z) > 0 ? null : 'an image without pixels';
      case 'heatmap':
      case 'contour':
        return Array.isArray(t.z) && t.z.some(finite) ? null : 'a heatmap without finite values';
      case 'pie':
        return finite(t.values) ? null : 'a pie without values';
      default: {
        const n = Math.max(len(t.x), len(t.y));
        if (n === 0) return 'no points';
        if (len(t.y) > 0 && !finite(t.y)) return 'no finite y value';
        if (len(t.x) > 0 && len(t.y) === 0 && !finite(t.x)) return 'no finite x value';
        return null;
      }
    }
  }

  // Every row of a table trace must be drawn inside the table's box (not cut off below it or hidden behind its
  // scroll bar), and no header or cell text may be wider than its column (plotly clips it).
  function tableProblems(gd, tableEl, trace, domainBox, name) {
    const out = [];
    const rows = Math.max(...((trace.cells && trace.cells.values) || [[]]).map(len));
    const firstColumn = tableEl.querySelector('.y-column');
    if (!firstColumn) return [`${name}: the table was not drawn`];
    const cells = [...firstColumn.querySelectorAll('.column-block:not(#header) .column-cell')];
    const visible = cells.filter((cell) => {
      const rect = cell.querySelector('.cell-rect');
      if (!rect) return false;
      const r = rect.getBoundingClientRect();
      return r.height > 0 && r.top >= domainBox.top - 1 && r.bottom <= domainBox.bottom + 1;
    }).length;
    if (visible < rows) out.push(`${name}: ${visible} of its ${rows} table rows are visible (the figure is ${px(domainBox.bottom - domainBox.top)} px tall for the table)`);
    for (const cell of tableEl.querySelectorAll('.column-cell')) {
      const rect = cell.querySelector('.cell-rect');
      const text = cell.querySelector('.cell-text');
      if (!rect || !text || !text.textContent) continue;
      const cw = rect.getBoundingClientRect().width;
      const tw = text.getBoundingClientRect().width;
      if (tw > cw + 1) {
        out.push(`${name}: the text "${text.textContent.slice(0, 40)}" is ${px(tw)} px wide in a ${px(cw)} px column and is cut off`);
        break;
      }
    }
    return out;
  }

  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const chartScripts = [...document.scripts].filter((sc) => !/plotly\.js v\d/.test(sc.textContent.slice(0, 400)));
  const expected = chartScripts.reduce((n, sc) => n + (sc.textContent.match(/Plotly\.newPlot\(/g) || []).length, 0);
  if (expected > plots.length) problems.push(`${expected - plots.length} of the page's ${expected} charts did not render`);
  plots.forEach((gd, k) => {
    const fl = gd._fullLayout;
    const title = (fl && fl.title && fl.title.text) || (gd.layout && gd.layout.title && gd.layout.title.text) || '(untitled)';
    const name = `chart ${k + 1} "${String(title).replace(/<[^>]+>/g, ' ').slice(0, 70)}"`;
    if (!fl || !gd._fullData) { problems.push(`${name}: plotly did not render it`); return; }
    const svg = gd.querySelector('.main-svg');
    const box = (svg || gd).getBoundingClientRect();
    const s = fl._size;

    // A usable plot area: the figure and each of its subplots.
    if (box.width < 150 || box.height < 100) problems.push(`${name}: the figure is only ${px(box.width)}×${px(box.height)} px`);
    const onlyTables = gd._fullData.every((t) => t.type === 'table'); // a table's own height is checked row by row below
    if (s.w < 100 || (s.h < 60 && !onlyTables)) problems.push(`${name}: the plot area is only ${px(s.w)}×${px(s.h)} px inside the margins`);
    for (const key of Object.keys(fl).filter((k2) => /^[xy]axis\d*$/.test(k2))) {
      const axis = fl[key];
      if (axis && axis._length !== undefined && axis.visible !== false && axis._length < 40)
        problems.push(`${name}: ${key} is only ${px(axis._length)} px long`);
    }

    // The title fits the figure.
    const titleEl = gd.querySelector('.gtitle');
    if (titleEl && titleEl.getBoundingClientRect().right > box.right + 1)
      problems.push(`${name}: its title is cut off at the figure's right edge`);

    // Every trace has data.
    gd.data.forEach((t, i) => {
      const p = traceProblem(t);
      if (p) problems.push(`${name}: trace ${i + 1} "${t.name || t.type || ''}" has ${p}`);
    });

    // Tables show all their rows and all of their text.
    const tableEls = [...gd.querySelectorAll('g.table')];
    gd._fullData.filter((t) => t.type === 'table').forEach((t, i) => {
      const d = t.domain || { x: [0, 1], y: [0, 1] };
      const top = box.top + s.t + (1 - d.y[1]) * s.h;
      const domainBox = { top, bottom: top + (d.y[1] - d.y[0]) * s.h };
      if (tableEls[i]) problems.push(...tableProblems(gd, tableEls[i], gd.data[t.index], domainBox, name));
      else problems.push(`${name}: table ${i + 1} was not drawn`);
    });

    // Heatmaps: a sequential scale where more is darker.
    gd._fullData.forEach((t) => {
      if (t.type !== 'heatmap' || !Array.isArray(t.colorscale) || t.colorscale.length < 2) return;
      const ends = [t.colorscale[0][1], t.colorscale[t.colorscale.length - 1][1]].map(luminance);
      const [low, high] = t.reversescale ? [ends[1], ends[0]] : ends;
      if (high > low) problems.push(`${name}: its heatmap draws larger values lighter (luminance ${low.toFixed(2)} at the minimum, ${high.toFixed(2)} at the maximum)`);
    });

    // Axis tick labels do not overlap each other.
    for (const layer of gd.querySelectorAll('.xaxislayer-above, .yaxislayer-above')) {
      const labels = [...layer.querySelectorAll('text')].filter((el) => el.textContent).map((el) => ({ text: el.textContent, r: el.getBoundingClientRect() }));
      const clash = labels.find((a, i) => labels.slice(i + 1).some((b) =>
        a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1));
      if (clash) { problems.push(`${name}: axis labels overlap ("${clash.text}" and its neighbour)`); break; }
    }

    // No two legend entries share a colour.
    if (fl.showlegend) {
      const seen = new Map();
      for (const t of gd._fullData) {
        if (t.showlegend === false || t.visible === false) continue;
        const c = [t.marker && t.marker.color, t.line && t.line.color, t.fillcolor].find((v) => typeof v === 'string');
        if (!c) continue;
        const key = canonical(c);
        if (seen.has(key)) problems.push(`${name}: legend entries "${seen.get(key)}" and "${t.name}" share the colour ${key}`);
        else seen.set(key, t.name);
      }
    }

    // Nothing runs past the page's text column (and so past a narrower window).
    if (box.right > column.right + 1)
      problems.push(`${name}: ${px(box.width)} px wide, it runs ${px(box.right - column.right)} px past the ${px(column.right - column.left)} px page column`);
  });

  // HTML outputs (tables, text) stay inside the page column too.
  const tables = [...document.querySelectorAll('table')];
  for (const el of document.querySelectorAll('.out > *')) {
    if (el.classList.contains('js-plotly-plot') || el.querySelector('.js-plotly-plot')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > column.right + 1) problems.push(`an output <${el.tagName.toLowerCase()}> runs ${px(r.right - column.right)} px past the page column`);
  }
  for (const t of tables) {
    const body2 = t.tBodies[0];
    if (body2 && body2.rows.length > 0 && t.getBoundingClientRect().height < 4 * body2.rows.length)
      problems.push(`an HTML table with ${body2.rows.length} rows is drawn only ${px(t.getBoundingClientRect().height)} px tall`);
  }

  // A value shown as its C# ToString() on one line ("TypeName { A = 1, B = 2 }") instead of a table.
  for (const pre of document.querySelectorAll('pre:not(.in)')) {
    const m = /^\s*([A-Z]\w*) \{ \w+ = /.exec(pre.textContent);
    if (m) problems.push(`a ${m[1]} value is printed as its ToString() ("${pre.textContent.slice(0, 60)}…") instead of a table`);
  }

  probe.remove();
  return JSON.stringify({ charts: plots.length, tables: tables.length, problems });
})();
