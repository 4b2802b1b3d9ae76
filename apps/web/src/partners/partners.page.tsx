export default function Page() {
  return (
    <section>
      <h1>partners</h1>
    </section>
  );
}
