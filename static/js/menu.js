// The header menu folds into its "Menu" button on a narrow screen (base.html): the page is served with it open, so
// that it works without scripts; here it is closed where the screen is narrow, as the CSS shows the button there.
(function () {
  var menu = document.querySelector("details.nav-menu");
  if (menu && window.matchMedia("(max-width: 47.99rem)").matches) {
    menu.open = false;
  }
})();
