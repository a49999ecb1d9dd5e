// On a phone, tables become one card per row (site.css); each cell is labelled with its column's heading
// here, so the card still says what each value is. Tables marked .grid (calendars) stay tables.
document.querySelectorAll(".table-wrap table:not(.grid)").forEach(function (table) {
  var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
    return th.textContent.trim();
  });
  table.classList.add("stack");
  table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
    var column = 0;
    Array.prototype.forEach.call(row.children, function (cell) {
      if (!cell.hasAttribute("data-label") && headings[column]) {
        cell.setAttribute("data-label", headings[column]);
      }
      column += cell.colSpan || 1;
    });
  });
});
