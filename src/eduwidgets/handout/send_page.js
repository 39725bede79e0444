// needs: core.js, patient.js, qrcode_generator.js
// The "Send to phone" dialog (templates/send.html, handout/send.py): the patient's plan
// on the public site as a QR code, the address as text, "Copy link" and "Print the plan".
// The QR code is made here, in the browser (the vendored qrcode-generator): the patient's
// values stay in the address fragment, which no browser sends to a server.
(function (EduWidgets) {
  "use strict";
  var config = JSON.parse(document.getElementById("edu-send-config").textContent);
  var words = config.words;
  var dialog = document.getElementById("edu-send-dialog");
  var opener = document.getElementById("edu-send-open");
  var status = document.getElementById("edu-send-status");
  var field = document.getElementById("edu-send-address");
  // A quiet zone of 4 modules on each side, as the QR standard (ISO/IEC 18004) asks,
  // so a phone finds the code's edge against any background.
  var QUIET_MODULES = 4;

  // The public site's root, ending in "/", or null when a phone could not open it:
  // on the public site, the page's own address (https, or http://127.0.0.1 for testing;
  // never file://); in the clinic, the clinic config's public_url.
  function siteRoot() {
    if (config.site_root !== null) {
      var here = new URL(config.site_root || "./", window.location.href);
      return /^https?:$/.test(here.protocol) ? here.href : null;
    }
    return config.public_url ? config.public_url + "/" : null;
  }

  // The plan in the patient's language when the fragment names one, else the page's.
  function planLanguage(fragment) {
    var rules = EduWidgets.patientRules(document);
    if (rules) {
      var patient = EduWidgets.patientFromFragment(fragment, rules).patient;
      if (patient && patient.language && config.plan_paths[patient.language]) return patient.language;
    }
    return config.language;
  }

  // <root>/[es/]plan.html#<fragment>; null without a public site.
  EduWidgets.sendAddress = function (fragment) {
    var root = siteRoot();
    if (!root) return null;
    fragment = String(fragment || "").replace(/^#/, "");
    var address = new URL(config.plan_paths[planLanguage(fragment)], root);
    address.hash = fragment;
    // A URL's text is ASCII (the rest percent-encoded), so each character is one byte.
    return address.href;
  };

  // The QR code as an SVG: error correction M (15% of the code may be damaged or
  // glared and it still reads: the usual choice for a screen), the smallest version
  // that holds the address (qrcode-generator's type 0), black on white.
  EduWidgets.qrSvg = function (text, label) {
    var code = EduWidgets.qrcode(0, "M");
    code.addData(text, "Byte");
    code.make();
    var count = code.getModuleCount();
    var size = count + 2 * QUIET_MODULES;
    var path = [];
    for (var row = 0; row < count; row += 1) {
      for (var col = 0; col < count; col += 1) {
        if (code.isDark(row, col)) path.push("M" + (col + QUIET_MODULES) + " " + (row + QUIET_MODULES) + "h1v1h-1z");
      }
    }
    return EduWidgets.el("svg", {
      viewBox: "0 0 " + size + " " + size, width: size * 6, height: size * 6,
      role: "img", "aria-label": label, "shape-rendering": "crispEdges",
      "data-qr-version": (count - 17) / 4, "data-qr-modules": count, "data-qr-level": "M",
    }, [
      EduWidgets.el("rect", { width: size, height: size, fill: "#ffffff" }),
      EduWidgets.el("path", { d: path.join(""), fill: "#000000" }),
    ]);
  };

  function say(text) {
    // Emptied first, so a screen reader speaks the same words again on a second press.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fill() {
    var fragment = window.location.hash;
    var address = EduWidgets.sendAddress(fragment);
    var fromFile = config.site_root !== null && !address;
    document.getElementById("edu-send-ready").hidden = !address;
    document.getElementById("edu-send-missing").hidden = Boolean(address) || fromFile;
    document.getElementById("edu-send-file").hidden = !fromFile;
    status.textContent = "";
    var holder = document.getElementById("edu-send-qr");
    holder.replaceChildren();
    if (!address) return null;
    field.value = address;
    holder.append(EduWidgets.qrSvg(address, words.qr_label));
    return address;
  }

  opener.addEventListener("click", function () {
    var form = config.form && document.querySelector(config.form);
    if (form) {
      // The form's page writes what the form shows into the address (and says what is
      // wrong, if anything): send what the clinician sees, or nothing.
      form.requestSubmit();
      var problem = document.querySelector("[role=alert]:not([hidden])");
      if (problem) return;
    }
    var address = fill();
    dialog.showModal();
    document.getElementById(address ? "edu-send-copy" : "edu-send-close").focus();
  });

  document.getElementById("edu-send-copy").addEventListener("click", function () {
    function select() {
      field.focus();
      field.select();
      // An older browser, or a page not served over https: the text is selected for the
      // clinician to copy; say so.
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      say(copied ? words.copied : words.copy_select);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say(words.copied); }, select);
    } else {
      select();
    }
  });

  document.getElementById("edu-send-print").addEventListener("click", function () {
    if (!config.print_href) { dialog.close(); window.print(); return; }
    var href = config.print_href + window.location.hash;
    var plan = window.open(href, "_blank");
    if (!plan) { window.location.href = href; return; }
    try {
      plan.addEventListener("load", function () { plan.print(); });
    } catch (error) {
      // A page from file:// may not reach the window it opened: the plan opens, unprinted.
    }
  });

  document.getElementById("edu-send-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () { opener.focus(); });
})(globalThis.EduWidgets);
