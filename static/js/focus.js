// A form posted to "…#comment-form" answers with its errors: Chromium skips ``autofocus`` on a page whose address
// has a #fragment (and clears the focus when it scrolls to it), so the error summary is focused here, once the page
// has loaded and opened at the form. Without this script the page still opens at the form.
window.addEventListener("load", function () {
  var summary = document.querySelector(".error-summary[autofocus]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
});
