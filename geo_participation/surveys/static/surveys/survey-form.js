// The questionnaire: a question that depends on an earlier answer ("only if ...") is shown once that answer is
// given, and hidden (its fields switched off, so nothing of it is sent) otherwise. Without JavaScript every
// question is shown with its condition in words, and the server refuses an answer to a question not asked.
const form = document.getElementById("survey-form");
const blocks = [...form.querySelectorAll(".question")];

function answersOf(questionId) {
  return [...form.querySelectorAll(`[name="q${questionId}"]`)]
    .filter((input) => !input.disabled && (input.type !== "radio" && input.type !== "checkbox" || input.checked))
    .map((input) => input.value);
}

function update() {
  const hidden = new Set();
  for (const block of blocks) {
    const condition = block.dataset.conditionQuestion;
    const show = !condition || (!hidden.has(condition) && answersOf(condition).includes(block.dataset.conditionValue));
    if (!show) hidden.add(block.dataset.question);
    const wasHidden = block.hidden;
    block.hidden = !show;
    for (const field of block.querySelectorAll("input, select, textarea, button")) field.disabled = !show;
    if (wasHidden && show) block.dispatchEvent(new CustomEvent("question-shown"));
  }
}

form.addEventListener("change", update);
update();
form.dataset.ready = "true";
