// The assessment: show only the questions that apply. Without this script every
// question is shown and the server sets aside answers to ones that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("[data-assessment-form]");
  if (!form) { return; }

  function chosen(name) {
    var values = [];
    var inputs = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.disabled) { continue; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { continue; }
      if (input.value) { values.push(input.value); }
    }
    return values;
  }

  function update() {
    var questions = form.querySelectorAll("[data-asked-when]");
    for (var i = 0; i < questions.length; i++) {
      var question = questions[i];
      var triggers = JSON.parse(question.getAttribute("data-asked-when"));
      var applies = triggers.some(function (trigger) {
        return chosen(trigger.id).some(function (v) { return trigger.values.indexOf(v) !== -1; });
      });
      question.hidden = !applies;
      var inputs = question.querySelectorAll("input, select, textarea");
      for (var j = 0; j < inputs.length; j++) { inputs[j].disabled = !applies; }
    }
  }

  form.addEventListener("change", update);
  update();
})();
