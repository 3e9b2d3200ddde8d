/* Multiple choice, the way a test works: pick an option on the front, see the
 * pick judged on the back. Everything the card teaches is in its HTML; this
 * script only adds the selection, the review-time shuffle and the verdict.
 *
 * Anki desktop shows every card side in one page that it never reloads, and
 * runs this script again each time: so nothing is declared at the top level
 * (a second `let` would throw), nothing waits for DOMContentLoaded once the
 * page has loaded, and the one document-wide key listener is installed once.
 * AnkiDroid loads a page per side, so the pick travels in sessionStorage, with
 * a window global where storage is refused. The pick lives in a single slot
 * that every front resets, so a pick never outlives the review it was made in
 * and never shows on another card.
 */
(function () {
  "use strict";

  var SLOT_KEY = "mcq-anki:pick";
  var FALLBACK_GLOBAL = "__mcqAnkiPick";
  var KEYS_INSTALLED_GLOBAL = "__mcqAnkiKeys";
  var LETTERS = "ABCDEFGH";
  var ANNOUNCE_DELAY_MS = 100;

  function readSlot() {
    var text = null;
    try {
      text = window.sessionStorage.getItem(SLOT_KEY);
    } catch (refused) {
      text = null;
    }
    if (text === null) {
      text = window[FALLBACK_GLOBAL] || null;
    }
    try {
      var slot = JSON.parse(text);
      return slot && typeof slot.card === "string" ? slot : null;
    } catch (damaged) {
      return null;
    }
  }

  function writeSlot(slot) {
    var text = JSON.stringify(slot);
    window[FALLBACK_GLOBAL] = text;
    try {
      window.sessionStorage.setItem(SLOT_KEY, text);
    } catch (refused) {
      /* The window global carries the pick within this page. */
    }
  }

  function toArray(nodes) {
    return Array.prototype.slice.call(nodes);
  }

  function optionItems(list) {
    return toArray(list.children).filter(function (item) {
      return item.classList.contains("mcq-option");
    });
  }

  function positionsOf(list) {
    return optionItems(list).map(function (item) {
      return item.getAttribute("data-option");
    });
  }

  function isPermutationOf(order, positions) {
    if (!Array.isArray(order) || order.length !== positions.length) {
      return false;
    }
    var sorted = order.slice().sort();
    var expected = positions.slice().sort();
    return sorted.every(function (position, index) {
      return position === expected[index];
    });
  }

  function shuffled(positions) {
    var order = positions.slice();
    for (var i = order.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var held = order[i];
      order[i] = order[j];
      order[j] = held;
    }
    return order;
  }

  /* Reorder the options (and, on the back, the rationales) and reletter
   * everything that names an option, so both sides agree. */
  function applyOrder(list, back, order) {
    var letterOf = {};
    order.forEach(function (position, index) {
      letterOf[position] = LETTERS.charAt(index);
    });
    var itemOf = {};
    optionItems(list).forEach(function (item) {
      itemOf[item.getAttribute("data-option")] = item;
    });
    order.forEach(function (position) {
      var item = itemOf[position];
      list.appendChild(item);
      setLetter(item, letterOf[position]);
    });
    if (!back) {
      return;
    }
    var answer = back.querySelector(".mcq-answer[data-option]");
    if (answer) {
      setLetter(answer, letterOf[answer.getAttribute("data-option")]);
    }
    var rationales = back.querySelector(".mcq-rationales");
    order.forEach(function (position) {
      var rationale = back.querySelector('.mcq-rationale[data-option="' + position + '"]');
      if (rationale && rationales) {
        rationales.appendChild(rationale);
        setLetter(rationale, letterOf[position]);
      }
    });
  }

  function setLetter(element, letter) {
    var label = element.querySelector(".mcq-letter");
    if (label && letter) {
      label.textContent = letter;
    }
  }

  function letterIn(item) {
    var label = item.querySelector(".mcq-letter");
    return label ? label.textContent : "";
  }

  /* The front: shuffle if asked, reset the slot, turn options into radios. */
  function setUpFront(root, list) {
    var card = root.getAttribute("data-card");
    var order = null;
    if (list.getAttribute("data-shuffle") === "review") {
      order = shuffled(positionsOf(list));
      applyOrder(list, null, order);
    }
    writeSlot({ card: card, pick: null, order: order });

    var name = "mcq-pick-" + card;
    optionItems(list).forEach(function (item) {
      var label = document.createElement("label");
      /* AnkiMobile passes a tap to the card only on links, buttons, elements
       * with an onclick handler or the class `tappable`; on anything else it
       * shows the answer. Both the label and its radio take the tap. */
      label.className = "mcq-choice tappable";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.className = "mcq-input tappable";
      input.value = item.getAttribute("data-option");
      label.appendChild(input);
      while (item.firstChild) {
        label.appendChild(item.firstChild);
      }
      item.appendChild(label);
    });
    list.classList.add("mcq-selectable");
    list.addEventListener("change", function (event) {
      if (event.target.classList.contains("mcq-input")) {
        select(root, list, event.target, order);
      }
    });
  }

  function select(root, list, input, order) {
    optionItems(list).forEach(function (item) {
      item.classList.toggle("mcq-selected", item.contains(input));
    });
    writeSlot({ card: root.getAttribute("data-card"), pick: input.value, order: order });
  }

  /* Keys that pick. J and K move the pick down and up (from no pick, J picks
   * the first option and K the last), because they reach the card in every
   * client: Anki desktop keeps A, B, D, E, F and 1-7 for itself, AnkiDroid
   * A, E, G and H. Where a client lets them through (the preview page, a
   * browser), the letter A-H or digit 1-8 picks the option in that place. */
  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey ||
        event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable ||
        /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
        (target.tagName === "INPUT" && target.type !== "radio"))) {
      return;
    }
    var key = String(event.key || "").toUpperCase();
    if (key.length !== 1) {
      return;
    }
    var list = document.querySelector('.mcq[data-mcq-side="front"] .mcq-options');
    var inputs = list ? toArray(list.querySelectorAll(".mcq-input")) : [];
    if (!inputs.length) {
      return;
    }
    var index = indexForKey(key, inputs);
    if (index < 0 || index >= inputs.length) {
      return;
    }
    var input = inputs[index];
    input.checked = true;
    input.focus();
    input.dispatchEvent(new Event("change", { bubbles: true }));
    event.preventDefault();
  }

  function indexForKey(key, inputs) {
    var count = inputs.length;
    var current = inputs.findIndex(function (input) {
      return input.checked;
    });
    if (key === "J") {
      return current < 0 ? 0 : (current + 1) % count;
    }
    if (key === "K") {
      return current < 0 ? count - 1 : (current - 1 + count) % count;
    }
    var index = LETTERS.indexOf(key);
    return index >= 0 ? index : "12345678".indexOf(key);
  }

  /* The back: the front's order, then the verdict if this card has a pick. */
  function judge(root, list, back) {
    var slot = readSlot();
    if (!slot || slot.card !== root.getAttribute("data-card")) {
      return;
    }
    var positions = positionsOf(list);
    if (isPermutationOf(slot.order, positions)) {
      applyOrder(list, back, slot.order);
    }
    var answer = back.querySelector(".mcq-answer[data-option]");
    if (typeof slot.pick !== "string" || positions.indexOf(slot.pick) < 0 || !answer) {
      return;
    }
    var correct = answer.getAttribute("data-option");
    var pickedLetter = "";
    var correctLetter = "";
    optionItems(list).forEach(function (item) {
      var position = item.getAttribute("data-option");
      var picked = position === slot.pick;
      var why = position === correct
        ? answer.querySelector(".mcq-why")
        : back.querySelector('.mcq-rationale[data-option="' + position + '"] .mcq-why');
      if (position === correct) {
        correctLetter = letterIn(item);
        item.classList.add("mcq-correct");
        addMark(item, "\u2713", picked ? "Your pick \u2014 correct" : "Correct answer");
      } else if (picked) {
        item.classList.add("mcq-wrong");
        addMark(item, "\u2717", "Your pick \u2014 incorrect");
      }
      if (picked) {
        pickedLetter = letterIn(item);
        item.classList.add("mcq-picked");
      }
      var text = item.querySelector(".mcq-text");
      if (why && text) {
        text.appendChild(why);
      }
    });

    /* The judged options hold every rationale now: they replace the answer
     * and the rationale list, right below the line Anki scrolls to. */
    var result = document.createElement("p");
    result.className = "mcq-result " + (slot.pick === correct ? "mcq-result-correct" : "mcq-result-wrong");
    result.setAttribute("role", "status");
    back.insertBefore(result, back.firstChild);
    list.classList.add("mcq-judged");
    back.insertBefore(list, result.nextSibling);
    answer.hidden = true;
    var others = back.querySelector(".mcq-others");
    if (others) {
      others.hidden = true;
    }
    var verdict = slot.pick === correct
      ? "Your pick: " + pickedLetter + " \u2014 correct."
      : "Your pick: " + pickedLetter + " \u2014 incorrect. Correct answer: " + correctLetter + ".";
    /* Filled after it is in the page, so screen readers announce it. */
    window.setTimeout(function () {
      result.textContent = verdict;
    }, ANNOUNCE_DELAY_MS);
  }

  function addMark(item, symbol, words) {
    var mark = document.createElement("span");
    mark.className = "mcq-mark";
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = symbol + " ";
    mark.appendChild(icon);
    mark.appendChild(document.createTextNode(words));
    var text = item.querySelector(".mcq-text");
    if (text) {
      text.insertBefore(mark, text.firstChild);
    }
  }

  function backOf(root) {
    var card = root.getAttribute("data-card");
    return toArray(document.querySelectorAll(".mcq-back")).filter(function (back) {
      return back.getAttribute("data-card") === card;
    })[0] || null;
  }

  function setUpCards() {
    toArray(document.querySelectorAll(".mcq[data-card]")).forEach(function (root) {
      var list = root.querySelector(".mcq-options");
      if (!list || root.hasAttribute("data-mcq-side")) {
        return;
      }
      var back = backOf(root);
      root.setAttribute("data-mcq-side", back ? "back" : "front");
      if (back) {
        judge(root, list, back);
      } else {
        setUpFront(root, list);
      }
    });
  }

  if (!window[KEYS_INSTALLED_GLOBAL]) {
    window[KEYS_INSTALLED_GLOBAL] = true;
    document.addEventListener("keydown", onKey);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpCards);
  } else {
    setUpCards();
  }
})();
