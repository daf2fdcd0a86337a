// The dashboard's chart: events per second per collector over the last hour, from /api/v1/rates.
// A file of its own because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  const el = document.getElementById("rate-chart");
  if (!el || typeof uPlot === "undefined") return;
  let plot = null;
  let names = "";

  function draw(data) {
    const keys = Object.keys(data.series);
    const rows = [data.t].concat(keys.map(k => data.series[k]));
    const width = Math.max(320, el.clientWidth || 800);
    if (plot && names === keys.join("\u0000")) {
      plot.setData(rows);
      return;
    }
    if (plot) plot.destroy();
    names = keys.join("\u0000");
    const colours = ["#0b5cad", "#b3261e", "#1e7b34", "#8a5a00", "#6b3fa0", "#00727a"];
    plot = new uPlot({
      width: width,
      height: 220,
      series: [{}].concat(keys.map((k, i) => ({ label: k, stroke: colours[i % colours.length], width: 1.5 }))),
      // always the last hour, however few points there are yet
      scales: { x: { time: true, range: () => { const now = Date.now() / 1000; return [now - 3600, now]; } },
                y: { range: (u, min, max) => [0, Math.max(1, max || 0)] } },
      axes: [{}, { label: "events/s" }],
    }, rows, el);
  }

  function refresh() {
    fetch(el.dataset.src, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(r => r.ok ? r.json() : null)
      .then(d => { if (d) draw(d); })
      .catch(() => {});
  }

  refresh();
  setInterval(refresh, 10000);
})();
