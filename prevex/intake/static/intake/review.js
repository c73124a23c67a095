/* Keyboard path through the review queue (no inline script: loaded with the CSP nonce).
 *
 * Queue page: j / k move the focus to the next / previous item link, Enter opens it.
 * Item page: j / k follow the « Suivant » / « Précédent » links; the decision buttons
 * carry access keys (m, n, a, r).
 * Keys typed in a form field are left alone.
 */
(function () {
  "use strict";

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function move(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-review-item]"));
    if (!links.length) {
      return false;
    }
    var index = links.indexOf(document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : links.length - 1) : index + step;
    next = Math.max(0, Math.min(links.length - 1, next));
    links[next].focus();
    return true;
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) {
      window.location.assign(link.getAttribute("href"));
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var handled = false;
    if (event.key === "j") {
      handled = move(1) || follow("[data-review-next]");
    } else if (event.key === "k") {
      handled = move(-1) || follow("[data-review-prev]");
    }
    if (handled) {
      event.preventDefault();
    }
  });
})();
