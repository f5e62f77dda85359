// Lesson page: complete the lesson, answer quizzes and save reflections through the
// course API. No build step; every message the server sends is shown as it is.

const csrf = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, data };
}

function say(form, text) {
  const status = form.querySelector(".status");
  if (status) status.textContent = text;
}

function errorText(data) {
  if (!data) return "";
  const parts = [data.detail ?? ""];
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
    else if (value) parts.push(String(value));
  };
  walk(data.errors);
  return parts.filter(Boolean).join(" ");
}

document.querySelectorAll("form.js-complete").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    const { ok, data } = await post(form.action);
    if (!ok) {
      button.disabled = false;
      say(form, errorText(data));
      return;
    }
    button.textContent = form.dataset.doneLabel || button.textContent;
    let text = `${data.percent_complete} %`;
    if (data.next_lesson) {
      const link = document.createElement("a");
      link.href = data.next_lesson.url;
      link.textContent = data.next_lesson.title;
      say(form, text + " · ");
      form.querySelector(".status").append(link);
    } else {
      say(form, text);
    }
  });
});

document.querySelectorAll("form.js-quiz").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = {};
    form.querySelectorAll(".question").forEach((question) => {
      const chosen = [...question.querySelectorAll("input:checked")].map((input) => input.value);
      if (chosen.length) answers[question.dataset.question] = chosen;
    });
    const { ok, data } = await post(form.action, { quiz: form.dataset.quiz, answers });
    if (!ok) {
      say(form, errorText(data));
      return;
    }
    for (const result of data.questions) {
      const box = form.querySelector(`[data-question="${result.id}"] .feedback`);
      box.replaceChildren();
      box.className = "feedback " + (result.answered ? (result.correct ? "right" : "wrong") : "");
      for (const item of result.feedback) {
        const p = document.createElement("p");
        p.textContent = item.feedback;
        box.append(p);
      }
    }
    const verdict = data.passed ? form.dataset.passedLabel : form.dataset.failedLabel;
    say(form, `${data.score} / ${data.max_score} (${data.percent} %). ${verdict}`);
  });
});

document.querySelectorAll("form.js-reflection").forEach((form) => {
  const share = form.querySelector("input[name=shared]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { ok, data } = await post("/api/reflections/", {
      lesson: Number(form.dataset.lesson),
      block: form.dataset.block,
      text: form.querySelector("textarea").value,
    });
    if (!ok) {
      say(form, errorText(data));
      return;
    }
    form.dataset.reflection = data.id;
    if (share) share.disabled = false;
    say(form, "✓");
  });
  share?.addEventListener("change", async () => {
    if (!form.dataset.reflection) return;
    const { ok, data } = await post(`/api/reflections/${form.dataset.reflection}/share/`, {
      shared: share.checked,
    });
    say(form, ok ? "✓" : errorText(data));
  });
});
