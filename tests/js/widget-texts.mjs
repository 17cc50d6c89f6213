// Registers both languages' texts for unit tests of the widget's views, as the UI does after
// loading the page language's file (web/src/widget/i18n.js loadMessages).
import { addMessages } from '../../web/src/widget/i18n.js';
import en from '../../web/src/widget/messages-en.js';
import ru from '../../web/src/widget/messages-ru.js';

addMessages('ru', ru);
addMessages('en', en);
