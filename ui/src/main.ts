import { mount } from 'svelte'
import './app.css'
import App from './App.svelte'
import { FIRST_PAINT, markPainted } from './lib/launch'
import { installTooltips } from './lib/tooltip'

installTooltips()

const app = mount(App, {
  target: document.getElementById('app')!,
})
markPainted(FIRST_PAINT)

export default app
