/* Lan Tỏa organisation picker: a text box becomes a WAI-ARIA combobox (list autocomplete).
 *
 * The markup (staff/includes/org_picker.html) works without this file: the server resolves
 * what was typed. Here the box asks the picker's JSON endpoint (data-picker) as the officer
 * types, shows at most twenty matches in a listbox, announces how many were found, and on a
 * choice fills the visible name and the hidden `<name>_pick` id.
 * Keys: Down/Up move through the list (Down opens it), Enter chooses, Escape closes (a
 * second Escape clears the box), Tab leaves with the box as typed.
 */
(function () {
  "use strict";

  if (window.lantoaPicker) {
    return; // the widget includes this file once per picker; set the page up once
  }
  window.lantoaPicker = true;

  var DELAY = 200;

  function setup(box) {
    var input = box.querySelector("input[type=text]");
    var hidden = box.querySelector("input[type=hidden]");
    var url = box.getAttribute("data-picker");
    if (!input || !hidden || !url || box.hasAttribute("data-picker-ready")) {
      return;
    }
    box.setAttribute("data-picker-ready", "");
    var listId = input.id + "_listbox";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "lt-picker-list list-group shadow-sm";
    list.setAttribute("role", "listbox");
    var label = input.labels && input.labels.length ? input.labels[0].textContent : "";
    list.setAttribute("aria-label", label.replace(/\*\s*$/, "").trim());
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    box.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function highlight(index) {
      var items = list.children;
      for (var i = 0; i < items.length; i++) {
        var on = i === index;
        items[i].setAttribute("aria-selected", on ? "true" : "false");
        items[i].classList.toggle("active", on);
      }
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var chosen = results[index];
      if (!chosen) {
        return;
      }
      input.value = chosen.name;
      hidden.value = String(chosen.id);
      // A choice made here replaces any list of candidates the server sent back.
      var candidates = box.querySelector("[data-picker-candidates]");
      if (candidates) {
        candidates.remove();
      }
      close();
      status.textContent = chosen.name;
    }

    function render(data) {
      results = data.results || [];
      list.textContent = "";
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "_" + i;
        li.className = "list-group-item list-group-item-action";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.name;
        if (item.context) {
          var context = document.createElement("span");
          context.className = "d-block small lt-picker-context";
          context.textContent = item.context;
          li.appendChild(context);
        }
        // mousedown, not click: the box keeps the focus (no blur closes the list first).
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      status.textContent = data.message || "";
      active = -1;
      if (results.length) {
        open();
      } else {
        close();
      }
    }

    function ask() {
      var typed = input.value.trim();
      var ticket = ++asked;
      if (!typed) {
        results = [];
        list.textContent = "";
        close();
        return;
      }
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(typed), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [], message: "" };
        })
        .then(function (data) {
          if (ticket === asked) {
            render(data);
          }
        })
        .catch(function () {
          /* offline: the server still resolves the typed name on submit */
        });
    }

    input.addEventListener("input", function () {
      hidden.value = ""; // typing again un-chooses
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded) {
          open();
          if (!results.length) {
            ask();
          }
          return;
        }
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp") {
        if (expanded) {
          event.preventDefault();
          highlight(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault(); // choose; do not submit the form yet
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          hidden.value = "";
        }
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-picker]");
    for (var i = 0; i < boxes.length; i++) {
      setup(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
