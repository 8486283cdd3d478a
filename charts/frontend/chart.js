// The dashboard's chart component (st.components.v2, mounted in the page itself, not an iframe).
//
// The script sends a plotly figure as JSON (`data.spec`) with plotly's `data.config`; this module
// draws it with plotly.js's basic bundle, loaded once per page and shared by every chart, and
// redraws only when the figure changes. A click on a point of a clickable chart
// sets the trigger "picked" to the point's event id (the first item of its customdata).

// plotly.js, once per page: the page's head asks for it as it opens (charts/page.py), so it is
// usually running before the first chart arrives; otherwise (that tag failed or is missing) it is
// loaded from `url` here.
function plotly(url) {
  if (!window.__escalationTimelinePlotly) {
    window.__escalationTimelinePlotly = new Promise((resolve, reject) => {
      if (window.Plotly) {
        resolve(window.Plotly);
        return;
      }
      const early = document.querySelector("script[data-plotly-bundle]");
      const script = early && !early.dataset.failed ? early : document.createElement("script");
      script.addEventListener("load", () => resolve(window.Plotly));
      script.addEventListener("error", () => reject(new Error(`the chart code could not be loaded from ${url}`)));
      if (script !== early) {
        script.src = url;
        script.async = true;
        document.head.appendChild(script);
      }
    });
  }
  return window.__escalationTimelinePlotly;
}

function eventIdOf(point) {
  const data = point && point.customdata;
  const id = Array.isArray(data) ? data[0] : data;
  return id === undefined || id === null || id === "" ? null : String(id);
}

// Unmounted (another tab, a rerun without this chart): plotly lets go of the div and its listeners.
function release(chart) {
  chart.__spec = null;
  chart.__reportsClicks = false;          // purge drops the click handler too
  if (window.Plotly) {
    window.Plotly.purge(chart);
  }
}

export default function ({ parentElement, data, setTriggerValue }) {
  const chart = parentElement.querySelector(".escalation-chart");
  chart.__pick = setTriggerValue;          // the latest render's callback
  if (!data || chart.__spec === data.spec) {
    return () => release(chart);
  }
  chart.__spec = data.spec;
  const figure = JSON.parse(data.spec);
  const layout = Object.assign({}, figure.layout, { autosize: true });
  if (!(layout.font && layout.font.family)) {   // the page's own font (plotly's default is not installed)
    layout.font = Object.assign({}, layout.font, { family: getComputedStyle(chart).fontFamily });
  }
  delete layout.width;
  chart.style.height = `${layout.height || 450}px`;
  plotly(data.bundle).then((Plotly) => {
    if (chart.__spec !== data.spec) {
      return;                              // a newer figure arrived while the code loaded
    }
    const config = Object.assign({ responsive: true }, data.config || {});
    return Plotly.react(chart, figure.data || [], layout, config).then(() => {
      if (data.clickable && !chart.__reportsClicks) {
        chart.__reportsClicks = true;
        chart.on("plotly_click", (event) => {
          const id = eventIdOf(event.points && event.points[0]);
          if (id !== null) {
            chart.__pick("picked", id);
          }
        });
      }
    });
  }).catch((error) => {
    chart.textContent = String(error.message || error);
  });
  return () => release(chart);
}
