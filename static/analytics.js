/* Teaching Panel: the journal's cells set in place. Without this script a
 * teacher edits a lesson's column (the ✎ link); with it a click on a cell
 * opens a small menu whose choice is posted like that column's form
 *   <div data-journal="{group id}" data-csrf="{token}"> ... <td data-l="{lesson}" data-s="{student}">
 * and the cell shows the new mark (the percentages follow on the next load).
 * The journal opens scrolled to its newest lessons. */
(function () {
	"use strict";

	var MARKS = [
		["present", "✓", "присутствовал(а)"],
		["late", "оп", "опоздал(а)"],
		["absent", "н", "отсутствовал(а)"],
		["excused", "ув", "уважительная причина"],
		["", "", "снять отметку"]
	];
	var menu = null;

	function close() {
		if (menu && menu.parentNode)
			menu.parentNode.removeChild(menu);
		menu = null;
	}

	function set(box, cell, mark) {
		var body = new URLSearchParams();

		body.set("csrf_token", box.getAttribute("data-csrf"));
		body.set("lesson_id", cell.getAttribute("data-l"));
		body.set("student_id", cell.getAttribute("data-s"));
		body.set("status", mark[0]);
		cell.classList.add("saving");
		fetch("/groups/" + box.getAttribute("data-journal") + "/journal", {
			method: "POST", body: body, credentials: "same-origin",
			headers: { "X-Requested-With": "fetch" }, redirect: "manual"
		}).then(function (r) {
			cell.classList.remove("saving");
			if (r.status !== 204 && r.type !== "opaqueredirect") {
				window.alert("Не удалось сохранить отметку (" + r.status + ").");
				return;
			}
			cell.className = "c" + (mark[0] ? " st-" + mark[0] : "");
			cell.textContent = mark[1];
			cell.title = mark[0] ? mark[2] : "";
		}, function () {
			cell.classList.remove("saving");
			window.alert("Нет связи с сервером: отметка не сохранена.");
		});
	}

	function open(box, cell) {
		var rect = cell.getBoundingClientRect(), i, b;

		close();
		menu = document.createElement("div");
		menu.className = "cell-menu";
		menu.setAttribute("role", "menu");
		for (i = 0; i < MARKS.length; i++) {
			b = document.createElement("button");
			b.type = "button";
			b.setAttribute("role", "menuitem");
			b.textContent = (MARKS[i][1] ? MARKS[i][1] + " " : "") + MARKS[i][2];
			b.addEventListener("click", (function (m) {
				return function () { close(); set(box, cell, m); };
			})(MARKS[i]));
			menu.appendChild(b);
		}
		document.body.appendChild(menu);
		menu.style.left = Math.max(4, Math.min(rect.left + window.scrollX,
		    window.scrollX + document.documentElement.clientWidth -
		    menu.offsetWidth - 4)) + "px";
		menu.style.top = (rect.bottom + window.scrollY + 2) + "px";
		menu.firstChild.focus();
	}

	document.addEventListener("click", function (ev) {
		var cell, box;

		if (menu && menu.contains(ev.target))
			return;
		cell = ev.target.closest ? ev.target.closest("td[data-l]") : null;
		box = cell ? cell.closest("[data-journal]") : null;
		if (!cell || !box || ev.target.closest("form")) {
			close();
			return;
		}
		open(box, cell);
	});

	document.addEventListener("keydown", function (ev) {
		if (ev.key === "Escape")
			close();
	});

	/* The newest lessons are on the right: show them first, where the
	 * box is narrower than the journal (a phone). */
	document.addEventListener("DOMContentLoaded", function () {
		var boxes = document.querySelectorAll("[data-journal]"), i;

		for (i = 0; i < boxes.length; i++)
			boxes[i].scrollLeft = boxes[i].scrollWidth;
	});
})();
