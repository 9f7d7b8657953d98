// Small progressive enhancements; every page works without this file.
// Clicking a suggested tag replaces the word being typed in the tags box.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-tag]");
  if (!button) return;
  const input = document.getElementById("id_tags");
  if (!input) return;
  const words = input.value.split(/[\s,]+/).filter(Boolean);
  words.pop();
  words.push(button.dataset.addTag);
  input.value = words.join(" ") + " ";
  input.focus();
  document.getElementById("tag-suggestions").replaceChildren();
});
