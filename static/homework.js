/* Teaching Panel: what the homework pages do in the browser. Every page
 * works without it; this only adds to them (no inline scripts: CSP
 * default-src 'self'):
 *   ol.hw-questions            drag and drop to reorder; "Сохранить порядок"
 *   fieldset.rows              the editor's rows moved and removed in place,
 *                              "Добавить строку"
 *   .hs-wrap[data-draw]        draw a region on the image: its x, y, width and
 *                              height go into an empty row
 *   input[data-audio-preview]  listen to an audio file before uploading it
 *   form[data-autosave]        the take page: autosave every 30 s with a
 *                              "Сохранено" note, a draft kept in localStorage,
 *                              time, tab switches and pastes sent along;
 *                              ordering items with ↑ and ↓ */
(function () {
	"use strict";

	var AUTOSAVE_MS = 30000;

	document.documentElement.classList.add("js");

	function $all(root, sel) {
		return Array.prototype.slice.call(root.querySelectorAll(sel));
	}

	/* -- the constructor: the questions' order ------------------------- */

	function questionOrder(list) {
		var form = document.getElementById(list.getAttribute("data-order-form"));
		var dragged = null;

		if (!form)
			return;
		$all(list, "li.hw-q").forEach(function (li) {
			li.setAttribute("draggable", "true");
			li.addEventListener("dragstart", function (ev) {
				dragged = li;
				li.classList.add("dragging");
				ev.dataTransfer.effectAllowed = "move";
				ev.dataTransfer.setData("text/plain", li.getAttribute("data-qid"));
			});
			li.addEventListener("dragend", function () {
				li.classList.remove("dragging");
				dragged = null;
			});
			li.addEventListener("dragover", function (ev) {
				var r;

				if (!dragged || dragged === li)
					return;
				ev.preventDefault();
				r = li.getBoundingClientRect();
				list.insertBefore(dragged, ev.clientY < r.top + r.height / 2 ?
				    li : li.nextSibling);
			});
			li.addEventListener("drop", function (ev) {
				ev.preventDefault();
				form.elements.order.value = $all(list, "li.hw-q").map(
				    function (x) { return x.getAttribute("data-qid"); }).join(",");
				form.submit();
			});
		});
	}

	/* -- the question editor: rows ------------------------------------ */

	function renumber(fs) {
		$all(fs, ".row-item").forEach(function (row, i) {
			$all(row, ".row-n").forEach(function (n) { n.textContent = i + 1; });
		});
	}

	function rows(fs) {
		var prefix = fs.getAttribute("data-list");
		var next = parseInt(fs.getAttribute("data-next"), 10) || 100;
		var add = document.createElement("button");

		/* Move and remove rows here; the form's field order is the order
		 * the server takes. */
		fs.addEventListener("click", function (ev) {
			var b = ev.target.closest ? ev.target.closest("button[data-row]") : null;
			var row, other;

			if (!b)
				return;
			ev.preventDefault();
			row = b.closest(".row-item");
			if (b.getAttribute("data-row") === "del") {
				row.parentNode.removeChild(row);
			} else if (b.getAttribute("data-row") === "up") {
				other = row.previousElementSibling;
				if (other && other.classList.contains("row-item"))
					row.parentNode.insertBefore(row, other);
			} else {
				other = row.nextElementSibling;
				if (other && other.classList.contains("row-item") &&
				    !other.classList.contains("blank"))
					row.parentNode.insertBefore(other, row);
			}
			renumber(fs);
		});
		add.type = "button";
		add.className = "btn-secondary";
		add.textContent = "Добавить строку";
		add.addEventListener("click", function () {
			var last = $all(fs, ".row-item").pop(), row;

			if (!last)
				return;
			row = last.cloneNode(true);
			row.classList.add("blank");
			$all(row, ".row-buttons").forEach(function (x) { x.remove(); });
			$all(row, "[name]").forEach(function (el) {
				el.name = el.name.replace(new RegExp("^" + prefix + "\\d+_"),
				    prefix + next + "_");
				if (el.type === "radio")
					el.value = String(next);
				else if (el.type === "checkbox")
					el.checked = false;
				else
					el.value = "";
			});
			row.setAttribute("data-key", String(next));
			next++;
			last.parentNode.insertBefore(row, last.nextSibling);
			renumber(fs);
			var first = row.querySelector("input[type=text]");
			if (first)
				first.focus();
		});
		fs.appendChild(add);
		return { add: add };
	}

	/* -- the question editor: drawing a region ------------------------ */

	function pct(v) {
		return Math.round(Math.max(0, Math.min(100, v)) * 10) / 10;
	}

	function drawing(wrap, rowsCtl) {
		var img = wrap.querySelector("img"), box = null, x0 = 0, y0 = 0;
		var fs = document.getElementById(wrap.getAttribute("data-draw"));

		if (!img || !fs)
			return;
		function at(ev) {
			var r = img.getBoundingClientRect();

			return [pct((ev.clientX - r.left) / r.width * 100),
			    pct((ev.clientY - r.top) / r.height * 100)];
		}
		function rect(p) {
			return { x: Math.min(x0, p[0]), y: Math.min(y0, p[1]),
			    w: Math.abs(p[0] - x0), h: Math.abs(p[1] - y0) };
		}
		function place(el, q) {
			el.style.left = q.x + "%";
			el.style.top = q.y + "%";
			el.style.width = q.w + "%";
			el.style.height = q.h + "%";
		}
		wrap.addEventListener("pointerdown", function (ev) {
			var p = at(ev);

			ev.preventDefault();
			x0 = p[0];
			y0 = p[1];
			box = document.createElement("span");
			box.className = "hs-draft";
			place(box, rect(p));
			wrap.appendChild(box);
			wrap.setPointerCapture(ev.pointerId);
		});
		wrap.addEventListener("pointermove", function (ev) {
			if (box)
				place(box, rect(at(ev)));
		});
		wrap.addEventListener("pointerup", function (ev) {
			var q, row;

			if (!box)
				return;
			q = rect(at(ev));
			if (q.w < 1 || q.h < 1) {
				box.remove();
				box = null;
				return;
			}
			q.w = pct(Math.min(q.w, 100 - q.x));
			q.h = pct(Math.min(q.h, 100 - q.y));
			place(box, q);
			box = null;
			/* The first row with no coordinates, else a new one. */
			row = $all(fs, ".row-item").filter(function (r) {
				return $all(r, "input[data-c]").every(function (i) {
					return i.value === "";
				});
			})[0];
			if (!row && rowsCtl) {
				rowsCtl.add.click();
				row = $all(fs, ".row-item").pop();
			}
			if (!row)
				return;
			row.querySelector("input[data-c=x]").value = q.x;
			row.querySelector("input[data-c=y]").value = q.y;
			row.querySelector("input[data-c=w]").value = q.w;
			row.querySelector("input[data-c=h]").value = q.h;
			var label = row.querySelector("input[type=text]:not([data-c])");
			if (label)
				label.focus();
		});
	}

	/* -- audio before it is uploaded --------------------------------- */

	function audioPreview(input) {
		var audio = document.getElementById(input.getAttribute("data-audio-preview"));
		var url = null;

		if (!audio)
			return;
		input.addEventListener("change", function () {
			if (url)
				URL.revokeObjectURL(url);
			url = input.files && input.files[0] ?
			    URL.createObjectURL(input.files[0]) : null;
			if (url)
				audio.src = url;
			else
				audio.removeAttribute("src");
		});
	}

	/* -- taking homework: autosave and the draft --------------------- */

	function fieldsOf(form) {
		return $all(form, "input, textarea, select").filter(function (el) {
			return el.name && el.type !== "hidden" && el.type !== "file" &&
			    el.type !== "submit" && el.form === form;
		});
	}

	function snapshot(form) {
		return fieldsOf(form).map(function (el) {
			return [el.name, el.type === "checkbox" || el.type === "radio" ?
			    (el.checked ? el.value : null) : el.value, el.value];
		});
	}

	function restore(form, snap) {
		var els = fieldsOf(form), changed = false;

		snap.forEach(function (s, i) {
			var el = els[i];

			if (!el || el.name !== s[0])
				return;
			if (el.type === "checkbox" || el.type === "radio") {
				if (el.checked !== (s[1] !== null)) {
					el.checked = s[1] !== null;
					changed = true;
				}
			} else if (el.value !== s[1]) {
				el.value = s[1];
				changed = true;
			}
		});
		return changed;
	}

	function hhmm(d) {
		return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
	}

	function autosave(form) {
		var status = form.querySelector("[data-autosave-status]");
		var key = "tp-hw-draft:" + form.getAttribute("data-autosave") + ":" +
		    form.getAttribute("data-question");
		var dirty = false, saving = false, since = Date.now(), tabs = 0, pasted = false;
		var store = null;

		try {
			store = window.localStorage;
		} catch (e) {
			store = null;
		}
		if (!form.getAttribute("data-question") || !form.elements.editable)
			return;
		function say(text) {
			if (status)
				status.textContent = text;
		}
		function telemetry() {
			form.elements.t_time.value = String(Math.min(86400,
			    Math.round((Date.now() - since) / 1000)));
			form.elements.t_tabs.value = String(tabs);
			form.elements.t_paste.value = pasted ? "1" : "";
		}
		function body() {
			telemetry();
			return new URLSearchParams(new FormData(form));
		}
		function keep() {
			if (!store)
				return;
			try {
				store.setItem(key, JSON.stringify({ t: Date.now(), f: snapshot(form) }));
			} catch (e) { /* full or disabled: the server still has it */ }
		}
		function drop() {
			if (store)
				store.removeItem(key);
		}
		function sent() {
			since = Date.now();
			tabs = 0;
			pasted = false;
		}
		function save() {
			if (!dirty || saving)
				return;
			saving = true;
			say("Сохраняется…");
			fetch(form.action, { method: "POST", body: body(), credentials: "same-origin",
			    headers: { "Accept": "application/json" } }).then(function (r) {
				return r.json().then(function (j) { return [r.ok, j]; });
			}).then(function (res) {
				saving = false;
				if (!res[0] || res[1].status !== "saved") {
					say("Не сохранено: " + (res[1].detail || "ошибка сервера") + ".");
					return;
				}
				dirty = false;
				sent();
				drop();
				say("Сохранено в " + hhmm(new Date()));
			}, function () {
				saving = false;
				say("Не сохранено: нет связи с сервером. Черновик остался в браузере.");
			});
		}
		function changed() {
			dirty = true;
			keep();
			say("Есть несохранённые изменения");
		}
		/* A draft the server never got (the tab closed, the network
		 * gone): back into the form. */
		if (store) {
			try {
				var d = JSON.parse(store.getItem(key) || "null");
				if (d && d.f && restore(form, d.f)) {
					dirty = true;
					say("Восстановлен черновик, который ещё не был сохранён.");
				} else if (d) {
					drop();
				}
			} catch (e) {
				drop();
			}
		}
		form.addEventListener("input", changed);
		form.addEventListener("change", changed);
		form.addEventListener("paste", function () { pasted = true; });
		form.addEventListener("submit", function () {
			telemetry();
			dirty = false;		/* the post itself saves it */
			drop();
		});
		document.addEventListener("visibilitychange", function () {
			if (document.visibilityState !== "hidden")
				return;
			tabs++;
			if (dirty && navigator.sendBeacon) {
				/* A form post: the server saves it and answers a redirect
				 * nobody follows. */
				if (navigator.sendBeacon(form.action, body())) {
					dirty = false;
					sent();
					drop();
				}
			}
		});
		setInterval(save, AUTOSAVE_MS);
	}

	/* DRAG_DROP answers: ↑ and ↓ move an item and number the places. */
	function ordering(list) {
		$all(list, "li.order-item").forEach(function (li) {
			["↑", "↓"].forEach(function (arrow, down) {
				var b = document.createElement("button");

				b.type = "button";
				b.className = "btn-secondary order-move";
				b.textContent = arrow;
				b.setAttribute("aria-label", (down ? "Ниже: " : "Выше: ") +
				    li.querySelector("label").firstChild.textContent.trim());
				b.addEventListener("click", function () {
					var other = down ? li.nextElementSibling : li.previousElementSibling;

					if (other)
						list.insertBefore(down ? other : li, down ? li : other);
					$all(list, "select[data-position]").forEach(function (s, i) {
						s.value = String(i + 1);
					});
					list.dispatchEvent(new Event("change", { bubbles: true }));
					b.focus();
				});
				li.appendChild(b);
			});
		});
	}

	document.addEventListener("DOMContentLoaded", function () {
		var ctl = {};

		$all(document, "ol.hw-questions[data-order-form]").forEach(questionOrder);
		$all(document, "fieldset.rows[data-list]").forEach(function (fs) {
			ctl[fs.id] = rows(fs);
		});
		$all(document, ".hs-wrap[data-draw]").forEach(function (w) {
			drawing(w, ctl[w.getAttribute("data-draw")]);
		});
		$all(document, "input[data-audio-preview]").forEach(audioPreview);
		$all(document, "ol.order-list[data-order]").forEach(ordering);
		$all(document, "form[data-autosave]").forEach(autosave);
	});
})();
