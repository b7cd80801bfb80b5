/* Teaching Panel: the little the pages do in the browser. No inline
 * scripts anywhere (CSP default-src 'self'); everything hangs off data-
 * attributes:
 *   <button data-copy="text">     copies text, says "Скопировано" briefly
 *   <input data-code>             an invite code: upper-cased as typed,
 *                                 8 characters of the code alphabet
 *   <form data-confirm="question"> asks before submitting */
(function () {
	"use strict";

	var CODE = /^[A-HJKMNP-Z2-9]{8}$/;
	var CODE_HINT = "Код — 8 символов: латинские буквы и цифры (без 0, O, 1, I, L).";

	function fallbackCopy(text) {
		var ta = document.createElement("textarea");
		var ok = false;

		ta.value = text;
		ta.setAttribute("readonly", "");
		ta.style.position = "fixed";
		ta.style.top = "-1000px";
		document.body.appendChild(ta);
		ta.select();
		try {
			ok = document.execCommand("copy");
		} catch (e) {
			ok = false;
		}
		document.body.removeChild(ta);
		return ok;
	}

	function copied(button, ok) {
		var label = button.getAttribute("data-label") || button.textContent;

		button.setAttribute("data-label", label);
		button.textContent = ok ? "Скопировано" : "Не удалось скопировать";
		button.classList.add(ok ? "is-copied" : "is-failed");
		clearTimeout(button._copyTimer);
		button._copyTimer = setTimeout(function () {
			button.textContent = label;
			button.classList.remove("is-copied", "is-failed");
		}, 1500);
	}

	function copy(button) {
		var text = button.getAttribute("data-copy") || "";

		if (navigator.clipboard && window.isSecureContext) {
			navigator.clipboard.writeText(text).then(function () {
				copied(button, true);
			}, function () {
				copied(button, fallbackCopy(text));
			});
		} else {
			copied(button, fallbackCopy(text));
		}
	}

	function checkCode(input) {
		var ok = CODE.test(input.value);

		input.setCustomValidity(ok || input.value === "" ? "" : CODE_HINT);
		return ok;
	}

	function normalizeCode(input) {
		var start = input.selectionStart, end = input.selectionEnd;
		var before = input.value;
		var after = before.replace(/\s+/g, "").toUpperCase();

		if (after !== before) {
			input.value = after;
			/* Keep the caret where it was, less the spaces removed. */
			if (start !== null) {
				var lost = before.slice(0, start).length -
				    before.slice(0, start).replace(/\s+/g, "").length;
				input.setSelectionRange(start - lost, end - lost);
			}
		}
		checkCode(input);
	}

	document.addEventListener("click", function (ev) {
		var b = ev.target.closest ? ev.target.closest("[data-copy]") : null;

		if (b) {
			ev.preventDefault();
			copy(b);
		}
	});

	document.addEventListener("input", function (ev) {
		if (ev.target.matches && ev.target.matches("input[data-code]"))
			normalizeCode(ev.target);
	});

	document.addEventListener("submit", function (ev) {
		var form = ev.target, inputs, i, question;

		inputs = form.querySelectorAll("input[data-code]");
		for (i = 0; i < inputs.length; i++) {
			normalizeCode(inputs[i]);
			if (!checkCode(inputs[i])) {
				ev.preventDefault();
				inputs[i].setCustomValidity(CODE_HINT);
				inputs[i].reportValidity();
				return;
			}
		}
		question = form.getAttribute("data-confirm");
		if (question && !window.confirm(question))
			ev.preventDefault();
	});

	document.addEventListener("DOMContentLoaded", function () {
		var inputs = document.querySelectorAll("input[data-code]"), i;

		for (i = 0; i < inputs.length; i++)
			if (inputs[i].value !== "")
				normalizeCode(inputs[i]);
	});
})();
