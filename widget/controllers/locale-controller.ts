/**
 * The language a panel speaks: its `lang` attribute, else the host page's
 * `<html lang>`, followed live. `locale` and `formats` change at once; `t`
 * changes when that language's strings have loaded (a lazy chunk), and
 * `tLocale` names the language `t` is in, so the lazy parts that have their
 * own strings follow `t` and a panel never speaks two languages at once.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Formats } from '../components/thread/format';
import { errorCatalogFor, inEnglish, type ErrorCatalog, type Explainable } from '../i18n/error-catalog';
import { loadStrings, resolveLocale, stringsIfLoaded, type Locale } from '../i18n/locale';
import { en, type Strings } from '../i18n/strings';

export class LocaleController implements ReactiveController {
  locale: Locale = 'en';
  t: Strings = en;
  tLocale: Locale = 'en';
  formats = new Formats('en');
  private htmlLang: MutationObserver | null = null;

  readonly #host: ReactiveControllerHost;
  /** The element's own `lang` attribute, if any. */
  readonly #own: () => string | null;

  constructor(host: ReactiveControllerHost, own: () => string | null) {
    this.#host = host;
    this.#own = own;
    host.addController(this);
  }

  hostConnected(): void {
    // Follow the host page's language when the element has none of its own.
    this.htmlLang = new MutationObserver(() => this.apply());
    this.htmlLang.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.apply();
  }

  hostDisconnected(): void {
    this.htmlLang?.disconnect();
  }

  /** Call when the element's own `lang` changes. */
  apply(): void {
    const locale = resolveLocale(this.#own() || document.documentElement.lang);
    if (locale === this.locale && this.t === (stringsIfLoaded(locale) ?? this.t)) return;
    this.locale = locale;
    this.formats = new Formats(locale);
    const ready = stringsIfLoaded(locale);
    if (ready) {
      this.t = ready;
      this.tLocale = locale;
      this.#host.requestUpdate();
      return;
    }
    void loadStrings(locale).then((strings) => {
      if (this.locale !== locale) return;
      this.t = strings;
      this.tLocale = locale;
      this.#host.requestUpdate();
    });
  }

  /** The error table of the panel's language; the first error shown loads it, in English until then. */
  errorCatalog(): ErrorCatalog | undefined {
    const locale = this.locale;
    return errorCatalogFor(locale, () => this.locale === locale && this.#host.requestUpdate());
  }

  /** "What went wrong. What to do." in the panel's language. */
  readonly describe = (error: Explainable): string => this.errorCatalog()?.describe(error) ?? inEnglish(error);
}
