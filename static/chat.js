/* Teaching Panel: the chat, live. Loaded on every page of a signed-in
 * user; the pages work without it (forms post and redirect), this only
 * adds to them:
 *   - the nav badge (data-chat-unread) follows the unread total;
 *   - on /chat and beside a thread, the list (data-chat-list) moves the
 *     chat with a new message to the top, with its badge;
 *   - in a thread (data-chat-id) new, edited and deleted messages show at
 *     once, ✓✓ when the other member has read yours, "печатает…", and
 *     sending posts the form in the background;
 *   - a desktop notification for a new message while the tab is hidden,
 *     once the user allowed it (data-chat-notify-on asks).
 * Events come from /api/realtime/connect/ (EventSource with the page
 * session; nginx's nchan holds the connection). After a reconnect, and
 * every minute while the tab is visible, the page asks the server what it
 * missed: events are a shortcut, the server is the truth. Text from the
 * server is only ever set with textContent. */
(function () {
	"use strict";

	if (!window.EventSource || !document.querySelector)
		return;

	var TYPING_EVERY = 10000, TYPING_IDLE = 5000, RESYNC_EVERY = 60000;
	var page = document.querySelector("[data-chat-id]");
	var chatId = page ? Number(page.getAttribute("data-chat-id")) : 0;
	var isGroup = page ? page.getAttribute("data-chat-group") === "1" : false;
	var me = page ? Number(page.getAttribute("data-chat-me")) : 0;
	var lastId = page ? Number(page.getAttribute("data-last-id")) || 0 : 0;
	var box = document.querySelector("[data-chat-messages]");
	var list = document.querySelector("[data-chat-list]");
	var badge = document.querySelector("[data-chat-unread]");
	var typingLine = document.querySelector("[data-chat-typing]");
	var tokenInput = document.querySelector('input[name="csrf_token"]');
	var csrf = tokenInput ? tokenInput.value : "";
	var titles = {}, typers = {}, opened = false, es;

	function post(path, fields) {
		var body = new URLSearchParams();
		var k;

		body.append("csrf_token", csrf);
		for (k in fields)
			if (Object.prototype.hasOwnProperty.call(fields, k))
				body.append(k, fields[k]);
		return fetch(path, { method: "POST", credentials: "same-origin",
		    headers: { "X-Requested-With": "fetch" }, body: body });
	}

	/* The page has the badge only while something is unread: made here
	 * when a message arrives, hidden when all is read. */
	function setTotal(n) {
		var link;

		if (!badge && n > 0 &&
		    (link = document.querySelector("[data-chat-link]")) !== null) {
			badge = el("span", "badge");
			badge.setAttribute("data-chat-unread", "");
			badge.title = "Непрочитанные сообщения";
			link.appendChild(document.createTextNode(" "));
			link.appendChild(badge);
		}
		if (!badge)
			return;
		badge.textContent = String(n);
		badge.hidden = !(n > 0);
	}

	function hhmm(iso) {
		var d = new Date(iso);

		return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
	}

	function el(tag, cls, text) {
		var e = document.createElement(tag);

		if (cls)
			e.className = cls;
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	/* -- the list ---------------------------------------------------- */

	function listItem(id) {
		return list ? list.querySelector('[data-chat-item="' + id + '"]') : null;
	}

	function newListItem(id, title) {
		var li = el("li", "chat-item"), a = el("a"), head = el("span", "chat-item-head");
		var body = el("span", "chat-item-body"), b = el("span", "badge");

		li.setAttribute("data-chat-item", String(id));
		a.href = "/chat/" + id;
		head.appendChild(el("span", "chat-title", title || "Новый чат"));
		head.appendChild(el("span", "chat-when muted")).setAttribute("data-chat-when", "");
		body.appendChild(el("span", "chat-last muted")).setAttribute("data-chat-last", "");
		b.setAttribute("data-chat-badge", "");
		b.hidden = true;
		body.appendChild(b);
		a.appendChild(head);
		a.appendChild(body);
		li.appendChild(a);
		return li;
	}

	function listMessage(m) {
		var li = listItem(m.chat), last, when;

		if (!list)
			return;
		if (!li)
			li = newListItem(m.chat, titles[m.chat] ||
			    (m.sender.id !== me ? m.sender_name : ""));
		last = li.querySelector("[data-chat-last]");
		when = li.querySelector("[data-chat-when]");
		if (last)
			last.textContent = (m.sender.id === me ? "Вы: " : "") + (m.text ||
			    (m.message_type === "image" ? "Изображение" : "Файл"));
		if (when)
			when.textContent = hhmm(m.created_at);
		list.insertBefore(li, list.firstChild);
	}

	function listUnread(id, n) {
		var li = listItem(id), b = li ? li.querySelector("[data-chat-badge]") : null;

		if (!b)
			return;
		b.textContent = String(n);
		b.hidden = !(n > 0);
		li.classList.toggle("has-unread", n > 0);
	}

	function chatTitle(c) {
		var i, p;

		if (c.chat_type === "group")
			return c.name;
		for (i = 0; i < c.participants.length; i++) {
			p = c.participants[i];
			if (p.id !== me)
				return ((p.last_name || "") + " " + (p.first_name || "")).trim();
		}
		return "";
	}

	/* -- the thread --------------------------------------------------- */

	function nearBottom() {
		return window.innerHeight + window.scrollY >= document.body.scrollHeight - 200;
	}

	function deleteForm(m) {
		var f = el("form", "inline msg-act"), t = el("input"), b = el("button", "btn-link",
		    "Удалить");

		f.method = "post";
		f.action = "/chat/messages/" + m.id + "/delete";
		f.setAttribute("data-confirm", "Удалить сообщение?");
		t.type = "hidden";
		t.name = "csrf_token";
		t.value = csrf;
		b.type = "submit";
		f.appendChild(t);
		f.appendChild(b);
		return f;
	}

	/* An attachment: an image shown, another file as a link. */
	function fileLink(f) {
		var a = el("a", f.is_image ? "msg-img" : "msg-file"), img, box;

		a.href = f.url;
		if (f.is_image) {
			a.target = "_blank";
			a.rel = "noopener";
			img = el("img");
			img.src = f.url;
			img.alt = f.name;
			img.loading = "lazy";
			a.appendChild(img);
			return a;
		}
		a.setAttribute("download", "");
		a.textContent = f.name;
		box = el("span");
		box.appendChild(a);
		box.appendChild(el("span", "muted msg-file-size", " " +
		    Math.max(1, Math.round(f.size / 1024)) + " КБ"));
		return box;
	}

	function showMessage(m) {
		var li, meta, edit, empty, stick;

		if (!box || m.chat !== chatId || document.getElementById("m" + m.id))
			return;
		stick = nearBottom();
		if (!box.querySelector("[data-today]") &&
		    new Date(m.created_at).toDateString() === new Date().toDateString() &&
		    !todayShown()) {
			li = el("li", "day-sep");
			li.setAttribute("data-today", "");
			li.appendChild(el("span", null, "Сегодня"));
			box.appendChild(li);
		}
		li = el("li", "msg" + (m.sender.id === me ? " mine" : ""));
		li.id = "m" + m.id;
		li.setAttribute("data-msg", String(m.id));
		if (m.sender.id !== me)
			li.appendChild(el("span", "msg-sender", m.sender_name));
		if (m.file)
			li.appendChild(fileLink(m.file));
		li.appendChild(el("span", "msg-text", m.text)).setAttribute("data-msg-text", "");
		meta = li.appendChild(el("span", "msg-meta", hhmm(m.created_at)));
		if (m.sender.id === me && !isGroup) {
			meta.appendChild(document.createTextNode(" "));
			meta.appendChild(el("span", "receipt", m.is_read ? "✓✓" : "✓"))
			    .setAttribute("data-receipt", "");
		}
		if (m.sender.id === me) {
			edit = el("a", "msg-act", "Изменить");
			edit.href = "/chat/messages/" + m.id + "/edit";
			li.appendChild(edit);
			li.appendChild(deleteForm(m));
		}
		box.appendChild(li);
		if ((empty = document.querySelector("[data-chat-empty]")))
			empty.hidden = true;
		if (m.id > lastId)
			lastId = m.id;
		if (stick || m.sender.id === me)
			li.scrollIntoView({ block: "end" });
	}

	/* Whether the last separator says "Сегодня" already. */
	function todayShown() {
		var seps = box.querySelectorAll(".day-sep");

		return seps.length > 0 && seps[seps.length - 1].textContent === "Сегодня";
	}

	function editMessage(m) {
		var li = document.getElementById("m" + m.id), t, meta;

		if (!li)
			return;
		if ((t = li.querySelector("[data-msg-text]")))
			t.textContent = m.text;
		meta = li.querySelector(".msg-meta");
		if (meta && !li.querySelector("[data-msg-edited]"))
			meta.insertBefore(el("span", null, "изменено · "), meta.firstChild)
			    .setAttribute("data-msg-edited", "");
	}

	function deleteMessage(id) {
		var li = document.getElementById("m" + id), t, acts, i;

		if (!li)
			return;
		li.classList.add("deleted");
		if ((t = li.querySelector("[data-msg-text]")))
			t.textContent = "Сообщение удалено";
		acts = li.querySelectorAll(".msg-act, [data-receipt]");
		for (i = 0; i < acts.length; i++)
			acts[i].parentNode.removeChild(acts[i]);
	}

	function readUpTo(userId, upto) {
		var items, i;

		if (!box || isGroup || userId === me)
			return;
		items = box.querySelectorAll(".msg.mine");
		for (i = 0; i < items.length; i++)
			if (Number(items[i].getAttribute("data-msg")) <= upto) {
				var r = items[i].querySelector("[data-receipt]");

				if (r)
					r.textContent = "✓✓";
			}
	}

	function showTyping() {
		var names = [], k;

		for (k in typers)
			if (Object.prototype.hasOwnProperty.call(typers, k))
				names.push(typers[k].name);
		if (typingLine)
			typingLine.textContent = names.length ? names.join(", ") +
			    (names.length > 1 ? " печатают…" : " печатает…") : "";
	}

	function typing(d) {
		var k = String(d.user_id);

		if (d.chat_id !== chatId || d.user_id === me)
			return;
		if (typers[k])
			clearTimeout(typers[k].timer);
		if (d.op === "start")
			typers[k] = { name: d.user_name || "Собеседник",
			    timer: setTimeout(function () {
				delete typers[k];
				showTyping();
			    }, d.expires_in_ms || 15000) };
		else
			delete typers[k];
		showTyping();
	}

	function markRead() {
		if (!chatId || document.visibilityState !== "visible")
			return;
		post("/chat/" + chatId + "/read", { up_to_id: String(lastId) }).then(function (r) {
			return r.ok ? r.json() : null;
		}).then(function (d) {
			if (d) {
				setTotal(d.unread_total);
				listUnread(chatId, 0);
			}
		}).catch(function () {});
	}

	function notify(m) {
		var n;

		if (!window.Notification || Notification.permission !== "granted" ||
		    document.visibilityState === "visible" || m.sender.id === me)
			return;
		n = new Notification(m.sender_name, { body: m.text, tag: "chat-" + m.chat });
		n.onclick = function () {
			window.focus();
			window.location.href = "/chat/" + m.chat;
		};
	}

	/* -- events ------------------------------------------------------- */

	function on(type, fn) {
		es.addEventListener(type, function (e) {
			var ev;

			try {
				ev = JSON.parse(e.data);
			} catch (x) {
				return;
			}
			fn(ev.data || {});
		});
	}

	/* What happened while the stream was down, from the server. */
	function resync() {
		var url = chatId ? "/chat/" + chatId + "/since?after_id=" + lastId : "/chat/unread";

		fetch(url, { credentials: "same-origin" }).then(function (r) {
			return r.ok ? r.json() : null;
		}).then(function (d) {
			var i;

			if (!d)
				return;
			for (i = 0; d.results && i < d.results.length; i++) {
				showMessage(d.results[i]);
				listMessage(d.results[i]);
			}
			setTotal(chatId ? d.unread_total : d.total);
			if (chatId && d.results && d.results.length)
				markRead();
		}).catch(function () {});
	}

	function connect() {
		es = new EventSource("/api/realtime/connect/");
		es.addEventListener("open", function () {
			if (opened)
				resync();
			opened = true;
		});
		on("message.new", function (d) {
			var m = d.message;

			if (!m)
				return;
			listMessage(m);
			if (m.chat === chatId) {
				showMessage(m);
				if (typers[String(m.sender.id)]) {
					clearTimeout(typers[String(m.sender.id)].timer);
					delete typers[String(m.sender.id)];
					showTyping();
				}
				if (m.sender.id !== me)
					markRead();
			}
			notify(m);
		});
		on("message.edited", function (d) {
			if (d.message)
				editMessage(d.message);
		});
		on("message.deleted", function (d) {
			if (d.chat_id === chatId)
				deleteMessage(d.message_id);
		});
		on("chat.read", function (d) {
			if (d.chat_id === chatId)
				readUpTo(d.user_id, d.last_read_message_id);
		});
		on("typing", typing);
		on("unread", function (d) {
			setTotal(d.total);
			listUnread(d.chat_id, d.chat_id === chatId &&
			    document.visibilityState === "visible" ? 0 : d.unread_count);
		});
		on("chat.updated", function (d) {
			var li, t;

			if (!d.chat)
				return;
			titles[d.chat.id] = chatTitle(d.chat);
			li = listItem(d.chat.id);
			if (li && (t = li.querySelector(".chat-title")) && titles[d.chat.id] &&
			    d.chat.chat_type === "group")
				t.textContent = titles[d.chat.id];
		});
		on("chat.removed", function (d) {
			var li = listItem(d.chat_id), f;

			if (li)
				li.parentNode.removeChild(li);
			if (d.chat_id === chatId && (f = document.querySelector("[data-chat-send]"))) {
				f.parentNode.insertBefore(el("p", "notice",
				    "Вы больше не участник этого чата."), f);
				f.parentNode.removeChild(f);
			}
		});
	}

	/* -- sending and typing -------------------------------------------- */

	function setupForm() {
		var f = document.querySelector("[data-chat-send]");
		var area = f ? f.querySelector("textarea") : null;
		var lastStart = 0, idle = null, busy = false;

		if (!f || !area)
			return;
		function stop() {
			if (lastStart) {
				lastStart = 0;
				post("/chat/" + chatId + "/typing", { op: "stop" }).catch(function () {});
			}
		}
		area.addEventListener("input", function () {
			var now = Date.now();

			if (area.value.trim() === "")
				return stop();
			if (now - lastStart > TYPING_EVERY) {
				lastStart = now;
				post("/chat/" + chatId + "/typing", { op: "start" }).catch(function () {});
			}
			clearTimeout(idle);
			idle = setTimeout(stop, TYPING_IDLE);
		});
		area.addEventListener("keydown", function (e) {
			if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
				e.preventDefault();
				if (f.reportValidity())
					f.dispatchEvent(new Event("submit", { cancelable: true }));
			}
		});
		f.addEventListener("submit", function (e) {
			var text = area.value;

			e.preventDefault();
			if (busy || text.trim() === "")
				return;
			busy = true;
			clearTimeout(idle);
			lastStart = 0;
			post(f.action, { text: text }).then(function (r) {
				return r.json().then(function (d) {
					return { ok: r.ok, d: d };
				});
			}).then(function (x) {
				busy = false;
				if (!x.ok) {
					window.alert(x.d.detail || "Сообщение не отправлено.");
					return;
				}
				area.value = "";
				showMessage(x.d);
				listMessage(x.d);
			}).catch(function () {
				busy = false;
				f.submit();	/* the form as it would go without us */
			});
		});
	}

	/* The attachment form, sent in the background too. */
	function setupFileForm() {
		var f = document.querySelector("[data-chat-file]"), busy = false;

		if (!f || !window.FormData)
			return;
		f.addEventListener("submit", function (e) {
			e.preventDefault();
			if (busy)
				return;
			busy = true;
			fetch(f.action, { method: "POST", credentials: "same-origin",
			    headers: { "X-Requested-With": "fetch" }, body: new FormData(f) })
			    .then(function (r) {
				return r.json().then(function (d) {
					return { ok: r.ok, d: d };
				}, function () {
					return { ok: false, d: {} };
				});
			}).then(function (x) {
				busy = false;
				if (!x.ok) {
					window.alert(x.d.detail || "Файл не отправлен.");
					return;
				}
				f.reset();
				showMessage(x.d);
				listMessage(x.d);
			}).catch(function () {
				busy = false;
				f.submit();
			});
		});
	}

	function setupNotify() {
		var boxes = document.querySelectorAll("[data-chat-notify]"), i;

		if (!window.Notification || Notification.permission !== "default")
			return;
		for (i = 0; i < boxes.length; i++)
			boxes[i].hidden = false;
		document.addEventListener("click", function (e) {
			var b = e.target.closest ? e.target.closest("[data-chat-notify-on]") : null;

			if (!b)
				return;
			Notification.requestPermission().then(function () {
				for (i = 0; i < boxes.length; i++)
					boxes[i].hidden = true;
			});
		});
	}

	connect();
	setupForm();
	setupFileForm();
	setupNotify();
	document.addEventListener("visibilitychange", function () {
		if (document.visibilityState === "visible") {
			resync();
			markRead();
		}
	});
	setInterval(function () {
		if (document.visibilityState === "visible")
			resync();
	}, RESYNC_EVERY);
})();
