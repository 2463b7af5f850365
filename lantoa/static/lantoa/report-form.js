/* Lan Tỏa report form: keep a draft on the phone, restore it, send once.
 *
 * - Every input is saved to localStorage (files cannot be); the draft comes back when the
 *   page is opened again after a lost connection, with a notice and a "delete draft" button.
 * - The idempotency key is part of the draft: if the first send did reach the server, sending
 *   the restored draft returns the same record instead of creating a second one.
 * - The record page shown after a successful report carries data-clear-draft: the draft goes.
 * - The submit button is disabled once the form is sent (a double tap sends once).
 */
(function () {
  "use strict";

  var SKIP = { csrfmiddlewaretoken: true };

  function getStore() {
    try {
      var probe = "lantoa:probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  var store = getStore();

  function forget(key) {
    if (store && key) {
      store.removeItem(key);
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-clear-draft]"), function (el) {
    forget(el.getAttribute("data-clear-draft"));
  });

  var form = document.getElementById("report-form");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-draft-key");
  var notice = document.getElementById("draft-notice");
  var clearButton = document.getElementById("draft-clear");
  var submit = document.getElementById("report-submit");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] &&
        ["file", "submit", "button", "reset"].indexOf(el.type) === -1;
    });
  }

  function save() {
    if (!store) {
      return;
    }
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) {
          data[el.name] = el.value;
        }
      } else {
        data[el.name] = el.value;
      }
    });
    try {
      store.setItem(key, JSON.stringify(data));
    } catch (e) {
      /* storage full or forbidden: the form still works, without a draft */
    }
  }

  function restore() {
    var raw = store ? store.getItem(key) : null;
    if (!raw) {
      return false;
    }
    var data;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      forget(key);
      return false;
    }
    var changed = false;
    fields().forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(data, el.name)) {
        return;
      }
      var value = data[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        var on = el.value === value;
        if (el.checked !== on) {
          el.checked = on;
          changed = true;
        }
      } else if (el.value !== value) {
        el.value = value;
        if (el.name !== "idempotency_key") {
          changed = true;
          var details = el.closest("details");
          if (details && value) {
            details.open = true;
          }
        }
      }
    });
    return changed;
  }

  if (form.getAttribute("data-bound") === "1") {
    // The server showed the form again with what was sent: that is the newest draft.
    save();
  } else if (restore()) {
    if (notice) {
      notice.hidden = false;
    }
    showSuggestions();
  }

  // The suggestions (and the subject chosen among them) come back from the server.
  function showSuggestions() {
    var name = document.getElementById("id_full_name");
    if (!name || !name.value || !window.htmx) {
      return;
    }
    var chosen = (JSON.parse(store.getItem(key) || "{}").subject_id) || "";
    var org = document.getElementById("id_org");
    var year = document.getElementById("id_birth_year");
    window.htmx.ajax("GET", name.getAttribute("hx-get"), {
      target: "#subject-suggestions",
      values: {
        name: name.value,
        birth_year: year ? year.value : "",
        org: org ? org.value : "",
        subject_id: chosen
      }
    });
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);

  if (clearButton) {
    clearButton.addEventListener("click", function () {
      forget(key);
      form.reset();
      if (notice) {
        notice.hidden = true;
      }
      var title = document.getElementById("id_title");
      if (title) {
        title.focus();
      }
    });
  }

  form.addEventListener("submit", function () {
    save();
    if (submit) {
      submit.disabled = true;
      submit.setAttribute("aria-busy", "true");
    }
  });

  // Coming back with the browser's Back button: the page may be restored with the button
  // still disabled.
  window.addEventListener("pageshow", function () {
    if (submit) {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
    }
  });
})();
