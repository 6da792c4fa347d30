import type { Metadata } from 'next';
import Link from 'next/link';
import { SiteHeader } from '@/components/shell/SiteHeader';
import { FigureUrlScope } from '@/components/figures/FigureLink';
import { figureRegistry } from '@/components/figures/registry';
import { Figure } from '@/components/mdx/Figure';
import { LiveInputs } from '@/components/catalog/LiveInputs';
import componentDocs from '@/components/mdx/components.generated.json';
import { componentExamples } from '@/components/mdx/examples.generated';
import { chapters } from '@/content/chapters.generated';
import { figureUses } from '@/content/figure-uses.generated';
import { describeValues, formatInputValue, LIST_FIELD_SEPARATOR, LIST_ITEM_SEPARATOR, type ListInputSpec } from '@/lib/figures/inputSpec';
import { figureInstanceOf } from '@/lib/figures/instanceData';
import { figureElementId } from '@/lib/figures/address';
import type { ComponentDoc } from '@/lib/content/componentDocs';

export const metadata: Metadata = {
  title: 'Catalog',
  description: 'Every MDX component a chapter can use and every figure, with its inputs and a live example.',
};

const docs = componentDocs as ComponentDoc[];

const chapterTitle = (slug: string) => chapters.find((chapter) => chapter.slug === slug)?.title ?? slug;

async function ComponentEntry({ doc }: { doc: ComponentDoc }) {
  const load = doc.name in componentExamples ? componentExamples[doc.name] : null;
  // A <Figure> example would repeat a figure the Figures section shows (and its element id): it points there.
  const Example = load && doc.name !== 'Figure' ? (await load()).default : null;
  const tag = /^[a-z]/.test(doc.name) ? `<${doc.name}>, a Markdown link` : `<${doc.name}>`;
  return (
    <article className="catalog-entry" id={`component-${doc.name}`} aria-labelledby={`component-${doc.name}-name`} data-catalog-component={doc.name}>
      <h3 id={`component-${doc.name}-name`}>
        <code>{tag}</code>
      </h3>
      <p>{doc.description}</p>
      <p className="catalog-muted">
        Defined in <code>{doc.file}</code>
        {doc.children ? '; takes content between its tags' : ''}.
      </p>
      {doc.props.some((prop) => !prop.internal) && (
        <div className="table-scroll">
          <table className="catalog-table">
            <caption>Props of {tag}</caption>
            <thead>
              <tr>
                <th scope="col">Prop</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">What it is</th>
              </tr>
            </thead>
            <tbody>
              {doc.props
                .filter((prop) => !prop.internal)
                .map((prop) => (
                  <tr key={prop.name}>
                    <th scope="row">
                      <code>{prop.name}</code>
                    </th>
                    <td>
                      <code>{prop.type}</code>
                    </td>
                    <td>{prop.required ? 'yes' : 'no'}</td>
                    <td>{prop.description}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {doc.example !== null && (
        <>
          <h4>Example</h4>
          <pre className="catalog-source">
            <code>{doc.example.trim()}</code>
          </pre>
          {Example ? (
            <div className="catalog-example prose" data-catalog-example={doc.name}>
              <Example />
            </div>
          ) : (
            <p className="catalog-muted">
              Every figure below is a live <code>&lt;Figure&gt;</code>: see <a href="#figures-heading">Figures</a>.
            </p>
          )}
        </>
      )}
    </article>
  );
}

/** A list input's item fields, in the order a link writes them, with what each takes. */
function ListFields({ name, spec }: { name: string; spec: ListInputSpec }) {
  const fields = Object.entries(spec.item);
  return (
    <div className="table-scroll" data-catalog-list={name}>
      <table className="catalog-table">
        <caption>
          Each item of <code>{name}</code>, its fields in this order: <code>{fields.map(([field]) => field).join(LIST_FIELD_SEPARATOR)}</code>,
          items separated by <code>{LIST_ITEM_SEPARATOR}</code>
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">What it is</th>
            <th scope="col">Takes</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([field, entry]) => (
            <tr key={field}>
              <th scope="row">
                <code>{field}</code>
              </th>
              <td>{entry.label}</td>
              <td>{describeValues(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FigureEntryView({ name }: { name: string }) {
  const entry = figureRegistry[name];
  const uses = figureUses.filter((use) => use.figure === name);
  const caption = uses.find((use) => use.caption)?.caption ?? name;
  const alt = uses.find((use) => use.alt)?.alt ?? caption;
  const instance = figureInstanceOf({ name });
  const inputs = Object.entries(entry.inputs ?? {});
  const embed = `/embed/${name}`;
  return (
    <article className="catalog-entry" id={`catalog-${name.replace('/', '-')}`} aria-labelledby={`catalog-${name.replace('/', '-')}-name`} data-catalog-figure={name}>
      <h4 id={`catalog-${name.replace('/', '-')}-name`}>
        <code>{name}</code>
      </h4>
      <p>
        {uses.length === 0
          ? 'Not in a chapter yet.'
          : (
            <>
              In{' '}
              {uses.map((use, i) => (
                <span key={`${use.chapter}-${use.occurrence}`}>
                  {i > 0 && ', '}
                  <Link href={`/learn/${use.chapter}#${figureElementId(name, use.occurrence)}`}>
                    {chapterTitle(use.chapter)}
                  </Link>
                </span>
              ))}
              .
            </>
          )}{' '}
        Embed it alone: <a href={embed}>{embed}</a>, with its inputs as parameters (<code>{embed}?{inputs[0]?.[0] ?? 'input'}=…</code>).
      </p>
      {inputs.length > 0 ? (
        <div className="table-scroll">
          <table className="catalog-table">
            <caption>Inputs of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">What it is</th>
                <th scope="col">Default</th>
                <th scope="col">Takes</th>
              </tr>
            </thead>
            <tbody>
              {inputs.map(([key, spec]) => (
                <tr key={key}>
                  <th scope="row">
                    <code>{key}</code>
                  </th>
                  <td>{spec.label}</td>
                  <td>
                    <code>{formatInputValue(spec, spec.default)}</code>
                  </td>
                  <td>{describeValues(spec)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="catalog-muted">No inputs to set from a link: it shows live data or a fixed table.</p>
      )}
      {inputs.map(([key, spec]) => spec.kind === 'list' && <ListFields key={key} name={key} spec={spec} />)}
      <Figure name={name} caption={caption} alt={alt} />
      <LiveInputs instance={instance} spec={entry.inputs ?? null} />
    </article>
  );
}

/**
 * /catalog: everything a chapter can use, read from the code so it cannot fall behind it. The MDX components
 * and their props come from mdx-components.tsx (read with TypeScript by `npm run content`), each with its
 * example from components/mdx/examples/ rendered live; the figures come from every chapter folder's
 * registry.ts, each with its declared inputs and the live figure, which loads as it nears the screen, as in
 * a chapter.
 */
export default async function CatalogPage() {
  const authored = docs.filter((doc) => !doc.internal);
  const internal = docs.filter((doc) => doc.internal);
  const folders = [...new Set(Object.keys(figureRegistry).map((name) => name.split('/')[0]))];
  const entries = await Promise.all(authored.map((doc) => ComponentEntry({ doc })));
  return (
    <>
      <SiteHeader />
      <main id="main" className="catalog">
        <h1>Catalog</h1>
        <p className="catalog-intro">
          Everything a chapter can use, read from the code by <code>npm run content</code>: the MDX components in{' '}
          <code>mdx-components.tsx</code>, each with an example from <code>components/mdx/examples/</code>, and every figure
          registered in <code>components/figures/&lt;chapter&gt;/registry.ts</code>, with the inputs a link can set. How to add
          either is in <code>CONTRIBUTING.md</code>.
        </p>
        <nav aria-label="Catalog contents" className="catalog-toc">
          <p>
            <a href="#components-heading">Components</a>:{' '}
            {authored.map((doc, i) => (
              <span key={doc.name}>
                {i > 0 && ', '}
                <a href={`#component-${doc.name}`}>{doc.name}</a>
              </span>
            ))}
          </p>
          <p>
            <a href="#figures-heading">Figures</a>:{' '}
            {Object.keys(figureRegistry).map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <a href={`#catalog-${name.replace('/', '-')}`}>{name}</a>
              </span>
            ))}
          </p>
        </nav>

        <section aria-labelledby="components-heading">
          <h2 id="components-heading">MDX components</h2>
          <p>Every chapter can use these without importing anything.</p>
          {entries}
          {internal.length > 0 && (
            <>
              <h3>Added by the build</h3>
              <ul>
                {internal.map((doc) => (
                  <li key={doc.name}>
                    <code>&lt;{doc.name}&gt;</code>: {doc.description}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        <section aria-labelledby="figures-heading">
          <h2 id="figures-heading">Figures</h2>
          <p>
            Each figure loads when you scroll near it, as in a chapter. Its inputs below come from its registry entry; under
            the figure, the inputs its live store holds.
          </p>
          <FigureUrlScope mode="chapter">
            {folders.map((folder) => (
              <section key={folder} aria-labelledby={`figures-${folder}`}>
                <h3 id={`figures-${folder}`}>{chapterTitle(folder)}</h3>
                {Object.keys(figureRegistry)
                  .filter((name) => name.startsWith(`${folder}/`))
                  .map((name) => (
                    <FigureEntryView key={name} name={name} />
                  ))}
              </section>
            ))}
          </FigureUrlScope>
        </section>
      </main>
    </>
  );
}
