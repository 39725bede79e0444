// needs: core.js, everyday.js
// A close-up of the L4/L5 disc in the corner of the spine figure: it squeezes and bulges
// as the push rises, beside the push as a multiple of standing up straight. No alarm
// colour, no limit: the same calm colour at every push.
(function (EduWidgets) {
  "use strict";

  // The close-up's box in model coordinates (x right, y up): below the label column,
  // behind the person standing or sitting and above them lying.
  const BOX = { x: -92, y: -26, width: 56, height: 36 };
  const LOWER_TOP = BOX.y + 9; // top of the lower vertebra
  const CENTRE_X = BOX.x + 45;
  const HALF_WIDTH = 9;

  function createCloseUp(svg, words) {
    const el = EduWidgets.el;
    const lower = el("rect", { class: "edu-bone", x: CENTRE_X - HALF_WIDTH, y: -LOWER_TOP, width: 2 * HALF_WIDTH, height: 7, rx: 1.2 });
    const upper = el("rect", { class: "edu-bone", x: CENTRE_X - HALF_WIDTH, width: 2 * HALF_WIDTH, height: 7, rx: 1.2 });
    const disc = el("ellipse", { class: "edu-disc-target", cx: CENTRE_X });
    const nucleus = el("ellipse", { class: "edu-disc-nucleus", cx: CENTRE_X });
    const multiple = el("text", { class: "edu-figure-label edu-closeup-number", x: BOX.x + 3, y: -(BOX.y + 15) });
    const group = el("g", { class: "edu-closeup" }, [
      el("rect", { class: "edu-closeup-box", x: BOX.x, y: -(BOX.y + BOX.height), width: BOX.width, height: BOX.height, rx: 2 }),
      el("text", { class: "edu-figure-label edu-closeup-title", x: BOX.x + 3, y: -(BOX.y + 28), text: words.closeup_title }),
      multiple,
      el("text", { class: "edu-figure-label edu-closeup-unit", x: BOX.x + 3, y: -(BOX.y + 6), text: words.closeup_unit }),
      lower,
      disc,
      nucleus,
      upper,
    ]);
    svg.append(group);

    function update(squeeze, standingMultiple) {
      // The drawn disc is 4.5 times the main figure's: from 8.1 units thick with no push
      // down to 2.7 at 6,000 N.
      const thickness = 4.5 * squeeze.thickness;
      const halfWidth = HALF_WIDTH * (1 + 0.3 * squeeze.share);
      const centreY = LOWER_TOP + thickness / 2;
      disc.setAttribute("cy", (-centreY).toFixed(2));
      disc.setAttribute("rx", halfWidth.toFixed(2));
      disc.setAttribute("ry", (thickness / 2 + 0.4).toFixed(2));
      nucleus.setAttribute("cy", (-centreY).toFixed(2));
      nucleus.setAttribute("rx", (halfWidth * 0.45).toFixed(2));
      nucleus.setAttribute("ry", (thickness / 2 - 0.6).toFixed(2));
      upper.setAttribute("y", (-(LOWER_TOP + thickness + 7)).toFixed(2));
      multiple.textContent = EduWidgets.fill(words.closeup_number, { multiple: EduWidgets.everyday.formatMultiple(standingMultiple) });
    }
    return { update };
  }

  EduWidgets.spineCloseUp = { createCloseUp };
})((globalThis.EduWidgets = globalThis.EduWidgets || {}));
