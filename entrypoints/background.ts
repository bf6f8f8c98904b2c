export default defineBackground(() => {
  console.log('Inkthreadable overlay background started');
});
