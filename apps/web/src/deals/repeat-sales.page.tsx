export default function Page() {
  return (
    <section>
      <h1>repeat-sales</h1>
    </section>
  );
}
