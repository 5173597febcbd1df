/* Slide mode of the health and safety report: one [data-slide] section shown at a time; arrow keys,
 * Page Up/Down, Home/End and the buttons move between them; the counter is announced (aria-live);
 * the slide number is kept in the address (#slide-N) so a reload stays on it. */
(function () {
  "use strict";
  var deck = document.querySelector(".ohs-deck");
  if (!deck) {
    return;
  }
  var slides = Array.prototype.slice.call(deck.querySelectorAll("[data-slide]"));
  var counter = document.getElementById("slide-counter");
  var previous = document.getElementById("slide-previous");
  var next = document.getElementById("slide-next");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, position) {
      slide.hidden = position !== current;
    });
    counter.textContent = deck.dataset.counterText
      .replace("%(current)s", String(current + 1))
      .replace("%(total)s", String(slides.length));
    previous.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    history.replaceState(null, "", "#slide-" + (current + 1));
    // Charts drawn while hidden have no size: let them measure the shown slide.
    window.dispatchEvent(new Event("resize"));
  }

  previous.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  document.getElementById("slide-print").addEventListener("click", function () { window.print(); });
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, select, textarea")) {
      return;
    }
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      show(current + 1);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      show(current - 1);
    } else if (event.key === "Home") {
      show(0);
    } else if (event.key === "End") {
      show(slides.length - 1);
    }
  });
  var match = /^#slide-(\d+)$/.exec(window.location.hash);
  show(match ? parseInt(match[1], 10) - 1 : 0);
})();
