// Navigation and view toggles. No network, no report text: everything is read from the DOM.
(function () {
  "use strict";
  var body = document.body;
  var current = -1;

  function changes() {
    return Array.prototype.filter.call(document.querySelectorAll(".chg"), function (el) {
      return el.offsetParent !== null;
    });
  }

  // The reader may have scrolled or jumped from the contents since the last j/k: then the next
  // change is the first one below the toolbar, the previous one the last one above it.
  function start(list, step) {
    var cur = document.querySelector(".chg.cur");
    var bar = document.querySelector(".toolbar");
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    if (cur) {
      var box = cur.getBoundingClientRect();
      if (box.bottom > top && box.top < window.innerHeight) { return list.indexOf(cur) + step; }
    }
    var k;
    if (step > 0) {
      for (k = 0; k < list.length; k += 1) {
        if (list[k].getBoundingClientRect().top >= top - 1) { return k; }
      }
      return list.length;
    }
    for (k = list.length - 1; k >= 0; k -= 1) {
      if (list[k].getBoundingClientRect().bottom <= top + 1) { return k; }
    }
    return -1;
  }

  function go(step) {
    var list = changes();
    if (!list.length) { return; }
    current = start(list, step);
    var old = document.querySelector(".chg.cur");
    if (old) { old.classList.remove("cur"); }
    if (current < 0) { current = list.length - 1; }
    if (current >= list.length) { current = 0; }
    var el = list[current];
    el.classList.add("cur");
    el.scrollIntoView({block: "center"});
    document.getElementById("pos").textContent = (current + 1) + " / " + list.length;
  }

  function toggleView() {
    var inline = body.classList.toggle("view-inl");
    body.classList.toggle("view-sbs", !inline);
    var button = document.getElementById("view");
    button.setAttribute("aria-pressed", inline ? "true" : "false");
    button.textContent = inline ? "side-by-side view" : "inline view";
    var cur = document.querySelector(".chg.cur");
    if (cur) { cur.classList.remove("cur"); }
    current = -1;
  }

  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  document.getElementById("view").addEventListener("click", toggleView);
  document.getElementById("width").addEventListener("change", function (ev) {
    body.classList.toggle("show-width", ev.target.checked);
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button.expand") : null;
    if (!button) { return; }
    var gapbody = button.parentNode.nextElementSibling;
    var open = gapbody.hasAttribute("hidden");
    if (open) { gapbody.removeAttribute("hidden"); } else { gapbody.setAttribute("hidden", ""); }
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    if (ev.key === "j" || ev.key === "n") { go(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { go(-1); ev.preventDefault(); }
    else if (ev.key === "v") { toggleView(); ev.preventDefault(); }
  });

  var table = document.getElementById("mtable");
  Array.prototype.forEach.call(document.querySelectorAll(".filters button"), function (button) {
    button.addEventListener("click", function () {
      var filter = button.getAttribute("data-filter");
      table.className = "mt" + (filter === "all" ? "" : " f-" + filter);
      Array.prototype.forEach.call(document.querySelectorAll(".filters button"), function (b) {
        b.classList.toggle("on", b === button);
      });
    });
  });
}());
