document.getElementById('main').textContent = 'candidate page';
