// The print button of printable documents (the page prints without it too).
document.addEventListener('DOMContentLoaded', () => {
  for (const b of document.querySelectorAll('[data-print]')) {
    b.addEventListener('click', () => window.print());
  }
});
