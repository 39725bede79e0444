// needs: core.js, model.js, everyday.js
// The push on the lower back against how far you bend: your muscles (solid) and typical
// muscles (dashed), with a "you are here" marker that follows the sliders. Drawn by our
// own code from the model's numbers: plotly.js (4.8 MB) would not fit a 0.3 MB handout.
// In JupyterLab, MuscleBalance.to_plotly() gives the same numbers as a plotly figure.
(function (EduWidgets) {
  "use strict";

  // Where the chart samples the push: everyday.BEND_ANGLES_DEG, written into the page as data.
  const anglesDeg = () => EduWidgets.modelConstants.BEND_ANGLES_DEG;
  // Chart box in SVG units; the plot area inside it.
  const BOX = { width: 320, height: 186 };
  const PLOT = { left: 36, right: 308, top: 34, bottom: 160 };

  // Port of eduwidgets.figures.bend_curve.
  EduWidgets.bendCurve = function (values, referenceN) {
    const at = (extra) => anglesDeg().map((deg) => EduWidgets.model.lumbarLoad(Object.assign({}, values, extra, { trunk_flexion_deg: deg })).compression_n / referenceN);
    return {
      angles_deg: anglesDeg().slice(),
      yours: at({}),
      typical: at(EduWidgets.model.typicalMuscles()),
      here_deg: values.trunk_flexion_deg,
      here: EduWidgets.model.lumbarLoad(values).compression_n / referenceN,
    };
  };

  // A tick step that gives 3 to 6 ticks on the push axis.
  function tickStep(top) {
    for (const step of [0.5, 1, 2, 5, 10, 20]) if (top / step <= 6) return step;
    return 50;
  }

  // The plot area's x for an angle and y for a multiple of standing, up to yMax.
  const xFor = (deg) => PLOT.left + ((PLOT.right - PLOT.left) * deg) / 90;
  const yFor = (multiple, yMax) => PLOT.bottom - ((PLOT.bottom - PLOT.top) * multiple) / yMax;

  // The angle axis along the bottom: a tick and a label every 15 degrees.
  function drawAngleAxis() {
    const el = EduWidgets.el;
    const xTicks = el("g");
    [0, 15, 30, 45, 60, 75, 90].forEach((deg) => {
      const x = xFor(deg);
      xTicks.append(
        el("line", { class: "edu-chart-tick", x1: x, x2: x, y1: PLOT.bottom, y2: PLOT.bottom + 4 }),
        el("text", { class: "edu-chart-label", x, y: PLOT.bottom + 20, "text-anchor": "middle", text: `${deg}°` })
      );
    });
    return [
      el("line", { class: "edu-chart-axis", x1: PLOT.left, x2: PLOT.right, y1: PLOT.bottom, y2: PLOT.bottom }),
      xTicks,
    ];
  }

  // The push axis: a grid line and a label at each step, redrawn when the top changes.
  function drawPushGrid(grid, yMax, step) {
    const el = EduWidgets.el;
    // 0.5× / 0,5×: the reader's decimal mark; whole steps stay "1×".
    const label = (v) => Number(v.toFixed(1)).toLocaleString(EduWidgets.locale(), { maximumFractionDigits: 1 });
    grid.replaceChildren();
    for (let v = 0; v <= yMax + 1e-9; v += step) {
      grid.append(
        el("line", { class: "edu-chart-gridline", x1: PLOT.left, x2: PLOT.right, y1: yFor(v, yMax), y2: yFor(v, yMax) }),
        el("text", { class: "edu-chart-label", x: PLOT.left - 5, y: yFor(v, yMax) + 4, "text-anchor": "end", text: `${label(v)}×` })
      );
    }
  }

  // The chart in words, with its numbers: every 15 degrees, and where you are.
  function chartLabel(curve, words) {
    const f = EduWidgets.everyday.formatMultiple;
    const at = [0, 3, 6, 9, 12, 15, 18]
      .map((i) => EduWidgets.say("chart.point", { degrees: curve.angles_deg[i], yours: f(curve.yours[i]), typical: f(curve.typical[i]) }))
      .join("; ");
    return EduWidgets.say("chart.label", {
      title: words.title, y_title: words.y_title, yours: words.yours, points: at,
      here: words.here, degrees: EduWidgets.formatNumber(curve.here_deg), multiple: f(curve.here),
    });
  }

  // The key and the axes' names, under the chart.
  function drawCaption(words) {
    const el = EduWidgets.el;
    return el("figcaption", { class: "edu-chart-caption" }, [
      el("span", { class: "edu-chart-key edu-chart-key-yours", text: words.yours }),
      el("span", { class: "edu-chart-key edu-chart-key-typical", text: words.typical }),
      el("span", { class: "edu-chart-axes", text: `${words.x_title}. ${words.y_title}.` }),
    ]);
  }

  EduWidgets.createBendChart = function (container, words) {
    const el = EduWidgets.el;
    const svg = el("svg", {
      class: "edu-chart-svg",
      viewBox: `0 0 ${BOX.width} ${BOX.height}`,
      role: "img",
      "aria-label": words.title,
    });
    const grid = el("g", { class: "edu-chart-grid" });
    const typical = el("polyline", { class: "edu-chart-typical" });
    const yours = el("polyline", { class: "edu-chart-yours" });
    const hereLine = el("line", { class: "edu-chart-here-line", y1: 22, y2: PLOT.bottom });
    const hereDot = el("circle", { class: "edu-chart-here", r: 5 });
    const hereText = el("text", { class: "edu-chart-label edu-chart-here-label", y: 16, "text-anchor": "middle", text: words.here });
    svg.append(grid, ...drawAngleAxis(), typical, yours, hereLine, hereDot, hereText);
    const figure = el("figure", { class: "edu-chart" }, [el("p", { class: "edu-chart-title", text: words.title, "aria-hidden": "true" }), svg, drawCaption(words)]);
    container.append(figure);
    let lastTop = null;

    function update(curve) {
      const top = Math.max(1, ...curve.yours, ...curve.typical) * 1.1;
      const step = tickStep(top);
      const yMax = Math.ceil(top / step) * step;
      if (yMax !== lastTop) {
        lastTop = yMax;
        drawPushGrid(grid, yMax, step);
      }
      const points = (values) => values.map((m, i) => `${xFor(curve.angles_deg[i]).toFixed(1)},${yFor(m, yMax).toFixed(1)}`).join(" ");
      typical.setAttribute("points", points(curve.typical));
      yours.setAttribute("points", points(curve.yours));
      const x = xFor(curve.here_deg);
      hereLine.setAttribute("x1", x.toFixed(1));
      hereLine.setAttribute("x2", x.toFixed(1));
      hereDot.setAttribute("cx", x.toFixed(1));
      hereDot.setAttribute("cy", yFor(curve.here, yMax).toFixed(1));
      hereText.setAttribute("x", Math.min(Math.max(x, 60), BOX.width - 50).toFixed(1));
      svg.setAttribute("aria-label", chartLabel(curve, words));
    }
    return { update, element: figure };
  };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
