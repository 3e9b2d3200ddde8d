/* Sizes each frame to its content, and shows a card's backs again, so a pick
   made on one of its fronts is judged (the pick travels in sessionStorage). */
(function () {
  function fit(frame) {
    var page = frame.contentDocument && frame.contentDocument.documentElement;
    if (page) {
      frame.style.height = "0";  /* so the page measures its content, not the frame */
      frame.style.height = (page.scrollHeight + 4) + "px";
    }
  }
  document.querySelectorAll(".preview-side iframe").forEach(function (frame) {
    frame.addEventListener("load", function () { fit(frame); });
    fit(frame);
  });
  document.querySelectorAll(".preview-flip").forEach(function (button) {
    button.addEventListener("click", function () {
      var card = button.closest(".preview-card");
      card.querySelectorAll("iframe[data-side=back]").forEach(function (frame) {
        frame.srcdoc = frame.getAttribute("srcdoc");
      });
    });
  });
})();
