// File inputs (core/forms.py FileInput): show the chosen file's name, or how many files, in the page's language.
document.querySelectorAll(".file-pick").forEach(function (picker) {
  var input = picker.querySelector("input[type=file]");
  var name = picker.querySelector(".file-pick-name");
  if (!input || !name) {
    return;
  }
  function show() {
    var files = input.files || [];
    if (files.length === 0) {
      name.textContent = picker.getAttribute("data-none");
    } else if (files.length === 1) {
      name.textContent = files[0].name;
    } else {
      name.textContent = picker.getAttribute("data-many").replace("{count}", String(files.length));
    }
  }
  input.addEventListener("change", show);
  show();
});
